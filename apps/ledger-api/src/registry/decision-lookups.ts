import { Inject, Injectable } from '@nestjs/common';
import {
  type AttachedCode, budgetDecider, budgetStream, campaignDecider, campaignForCode, campaignRegistryDecider,
  type CampaignRegistryState, campaignRegistryStream, type CampaignSnapshot, campaignStream, codeStream, customerDecider,
  customerHistory, type CustomerHistory, customerStream, normaliseCode, priceAt, type PriceBookEntry, priceDecider, priceStream, toSnapshot,
  uniqueCodeDecider,
} from '@promo-ledger/domain';
import { StreamRunner } from '../application/stream-runner';

/**
 * Everything a cart decision looks up besides the cart, read from the streams at decision time —
 * never from a read model that may lag (DESIGN §4): the campaign registry, campaign streams, the
 * budget's running totals, price streams, the customer's history and single-use code streams. All
 * go through StreamRunner.load, so the reads one decision issues together travel in one query.
 */
/**
 * Where a lookup notes each stream it read and the revision it read it at (the registry, a campaign,
 * a price — never a budget, which checkouts move all the time), for an append that must find them
 * unchanged (StreamAppendRequest.unchanged).
 */
export type ReadRevisions = Map<string, bigint>;

@Injectable()
export class DecisionLookups {
  constructor(@Inject(StreamRunner) private readonly streams: StreamRunner) {}

  async registry(read?: ReadRevisions): Promise<CampaignRegistryState> {
    const { state, version } = await this.streams.load(campaignRegistryStream(), campaignRegistryDecider);
    read?.set(campaignRegistryStream(), version);
    return state;
  }

  /**
   * The campaign as pricing sees it, with its budget usage; null when the campaign does not exist.
   * The budget is the same cached fold checkout reserves on (its totals are the last event's running
   * totals), so after a process's first read of it only the events since travel, in the batch.
   */
  async snapshot(campaignId: string, read?: ReadRevisions): Promise<CampaignSnapshot | null> {
    const [{ state, version }, budget] = await Promise.all([
      this.streams.load(campaignStream(campaignId), campaignDecider),
      this.streams.load(budgetStream(campaignId), budgetDecider),
    ]);
    read?.set(campaignStream(campaignId), version);
    if (state.status === 'none') return null;
    return toSnapshot(state, budget.state.totals);
  }

  /**
   * Snapshots started now for the campaigns that the registry as this process holds it (unread: it
   * may be behind) puts in force for these codes — automatic ones and those the codes point at. Started
   * in the tick the registry's read starts, they travel in its batch, and campaignsFor takes those its
   * fresh registry agrees on instead of reading them again; a campaign it names besides is read then.
   */
  prefetchCampaigns(codes: readonly string[]): ReadonlyMap<string, Promise<CampaignSnapshot | null>> {
    const held = this.streams.cached(campaignRegistryStream(), campaignRegistryDecider)?.state;
    if (held === undefined) return new Map();
    const pointedAt = codes.flatMap((code) => campaignForCode(held, normaliseCode(code)) ?? []);
    return new Map([...new Set([...held.automatic, ...pointedAt])].map((campaignId) => {
      const snapshot = this.snapshot(campaignId);
      snapshot.catch(() => undefined); // one campaignsFor does not take is never awaited
      return [campaignId, snapshot] as const;
    }));
  }

  /** Automatic campaigns plus the campaigns the given codes point at; codes that resolve to nothing are left out. */
  async campaignsFor(
    registry: CampaignRegistryState,
    codes: readonly AttachedCode[],
    prefetched: ReadonlyMap<string, Promise<CampaignSnapshot | null>> = new Map(),
  ): Promise<CampaignSnapshot[]> {
    const ids = new Set([...registry.automatic, ...codes.flatMap((code) => (code.campaignId === null ? [] : [code.campaignId]))]);
    const snapshots = await Promise.all([...ids].map((campaignId) => prefetched.get(campaignId) ?? this.snapshot(campaignId)));
    return snapshots.filter((snapshot): snapshot is CampaignSnapshot => snapshot !== null);
  }

  /**
   * A code as the shopper typed it → the campaign it belongs to. A unique code must have been
   * issued (else it is unknown) and is marked redeemed when another order holds it.
   */
  async resolveCode(registry: CampaignRegistryState, code: string, orderId: string | null = null): Promise<AttachedCode> {
    const normalised = normaliseCode(code);
    const campaignId = campaignForCode(registry, normalised);
    if (campaignId === null) return { code: normalised, campaignId: null };
    const codes = registry.codesById[campaignId];
    if (codes?.type !== 'unique') return { code: normalised, campaignId };
    const { state } = await this.streams.load(campaignStream(campaignId), campaignDecider);
    if (state.status === 'none' || !state.issuedCodes.includes(normalised)) return { code: normalised, campaignId: null };
    const redemption = (await this.streams.load(codeStream(campaignId, normalised), uniqueCodeDecider)).state;
    const heldByAnother = redemption.heldBy !== null && redemption.heldBy !== orderId;
    return { code: normalised, campaignId, ...(heldByAnother ? { alreadyRedeemed: true } : {}) };
  }

  /** The price book entry in force at `instant` for each sku that has one. */
  async prices(skus: readonly string[], instant: string, read?: ReadRevisions): Promise<Record<string, PriceBookEntry>> {
    const entries = await Promise.all(skus.map(async (sku) => {
      const { state, version } = await this.streams.load(priceStream(sku), priceDecider);
      read?.set(priceStream(sku), version);
      return [sku, priceAt(state, instant)] as const;
    }));
    return Object.fromEntries(entries.filter((entry): entry is readonly [string, PriceBookEntry] => entry[1] !== null));
  }

  async customer(customerId: string): Promise<CustomerHistory> {
    return customerHistory((await this.streams.load(customerStream(customerId), customerDecider)).state);
  }
}
