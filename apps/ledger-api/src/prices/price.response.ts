import { type Money, type PriceBookEntry, priceAt } from '@promo-ledger/domain';
import { type StreamResult, writeInfo } from '../application/stream-runner';
import { ProblemException } from '../http/problem';
import type { PricedSku } from './priced-sku';

/** One price as recorded; `priceVersion` is what a quote records for the sku (1, 2, …). */
export interface PriceEntryView {
  readonly price: Money;
  readonly category: string;
  readonly effectiveAt: string;
  readonly reason: string;
  readonly priceVersion: number;
}

export interface SetPriceResponse extends PriceEntryView {
  readonly sku: string;
  /** The sku stream's version: the ETag, and what If-Match takes. */
  readonly version: number;
  readonly position: string | null;
}

export interface CurrentPriceResponse {
  readonly sku: string;
  readonly currency: string | null;
  /** In force at `asOf`; null while the only prices set are scheduled for later. */
  readonly current: PriceEntryView | null;
  /** Prices that will take over later, in the order they will; one set later for the same instant replaces another. */
  readonly scheduled: readonly PriceEntryView[];
  readonly asOf: string;
  readonly version: number;
}

function entryView(state: PricedSku, entry: PriceBookEntry): PriceEntryView {
  const { price, category, effectiveAt, version } = entry;
  return { price, category, effectiveAt, reason: state.reasons[version - 1] ?? 'not given', priceVersion: version };
}

/** The answer to a SetPrice: the entry it just added (the last one), which may be scheduled rather than current. */
export function setPriceResponse(sku: string, result: StreamResult<PricedSku>): SetPriceResponse {
  const entry = result.state.book.entries.at(-1);
  if (entry === undefined) throw new Error(`SetPrice on ${sku} left no price in the book`);
  return { sku, ...entryView(result.state, entry), ...writeInfo(result) };
}

export function currentPriceResponse(sku: string, state: PricedSku, version: bigint, now: string): CurrentPriceResponse {
  const { book } = state;
  if (book.version === 0) {
    throw new ProblemException(404, 'PRICE.NOT_FOUND', `No price has been set for ${sku}; check the sku, or set one with PUT /v1/prices/${sku}.`);
  }
  const current = priceAt(book, now);
  return {
    sku,
    currency: book.currency,
    current: current === null ? null : entryView(state, current),
    scheduled: upcoming(state, now).map((entry) => entryView(state, entry)),
    asOf: now,
    version: Number(version),
  };
}

/**
 * Each future instant mapped through priceAt, so the schedule shown is exactly what priceAt will
 * answer then (two prices for one instant: the one set last), never a second rule that could drift.
 */
function upcoming(state: PricedSku, now: string): PriceBookEntry[] {
  const after = Date.parse(now);
  const instants = state.book.entries
    .map((entry) => entry.effectiveAt)
    .filter((instant) => Date.parse(instant) > after)
    .sort((left, right) => Date.parse(left) - Date.parse(right));
  const seen = new Set<number>();
  const entries: PriceBookEntry[] = [];
  for (const instant of instants) {
    const entry = priceAt(state.book, instant);
    if (entry !== null && !seen.has(entry.version)) {
      seen.add(entry.version);
      entries.push(entry);
    }
  }
  return entries;
}
