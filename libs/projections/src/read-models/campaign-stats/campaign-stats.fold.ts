import { add, compare, type Money } from '@promo-ledger/domain';
import type { RecordedEvent } from '@promo-ledger/event-store';
import { eventOf, idInStream, minuteOf } from '../shared/event-facts';

export const COUNTED_EVENTS = new Set(['CouponAttached', 'CouponRejected', 'OrderPlaced', 'ChargeRecorded'] as const);

/** One campaign-minute's counters; the batch's increments, added to the stored ones by the upsert. */
export type MinuteCounts = {
  campaign_id: string;
  minute: string;
  attempts: number;
  applied: number;
  not_eligible: number;
  rejected: number;
  orders_with_discount_due: number;
  orders_charged_with_discount: number;
  mismatches: number;
};
export type Counter = Exclude<keyof MinuteCounts, 'campaign_id' | 'minute'>;
export const COUNTERS: readonly Counter[] = ['attempts', 'applied', 'not_eligible', 'rejected', 'orders_with_discount_due', 'orders_charged_with_discount', 'mismatches'];

export type ReasonCount = { campaign_id: string; minute: string; outcome: 'not_eligible' | 'rejected'; reason: string; attempts: number };
export type DiscountGiven = { campaign_id: string; minute: string; currency: string; amount: number };
/** What a later charge needs to know about an order: the campaigns that discounted it, and whether its first charge was judged. */
export type DiscountedOrder = { order_id: string; campaign_ids: string[]; charge_judged: boolean };

/**
 * Counts, per campaign and per minute of the event's occurredAt:
 * - attempts by outcome at the moment of the attempt (CouponAttached applied / not_eligible,
 *   CouponRejected), with the reason; a later quote flipping the status is not a new attempt;
 * - orders with a discount due: OrderPlaced naming the campaign, and the discount given on them;
 * - orders charged with the discount: judged once per order, on its first ChargeRecorded — the
 *   total charged not above the expected total means the discount reached the shopper;
 * - mismatches: every ChargeRecorded with mismatch on an order the campaign discounted.
 */
export class CampaignTally {
  private readonly minutes = new Map<string, MinuteCounts>();
  private readonly reasonCounts = new Map<string, ReasonCount>();
  private readonly discountsGiven = new Map<string, { campaign_id: string; minute: string; given: Money }>();
  private readonly changedOrders = new Map<string, DiscountedOrder>();

  constructor(private readonly orders: Map<string, DiscountedOrder>) {}

  get counts(): MinuteCounts[] {
    return [...this.minutes.values()];
  }
  get reasons(): ReasonCount[] {
    return [...this.reasonCounts.values()];
  }
  get discounts(): DiscountGiven[] {
    return [...this.discountsGiven.values()].map(({ campaign_id, minute, given }) => ({ campaign_id, minute, currency: given.currency, amount: given.amount }));
  }
  get ordersToWrite(): DiscountedOrder[] {
    return [...this.changedOrders.values()];
  }

  apply(event: RecordedEvent): void {
    const stored = eventOf(event, COUNTED_EVENTS);
    if (stored === null) return;
    const minute = minuteOf(event.metadata.occurredAt);
    switch (stored.type) {
      case 'CouponAttached':
      case 'CouponRejected': {
        const { campaignId, reason } = stored.data;
        if (campaignId === null) return; // an unknown code belongs to no campaign
        const outcome = stored.type === 'CouponRejected' ? 'rejected' : stored.data.status;
        this.count(campaignId, minute, 'attempts');
        this.count(campaignId, minute, outcome);
        if (reason !== null && outcome !== 'applied') this.countReason({ campaign_id: campaignId, minute, outcome, reason, attempts: 1 });
        return;
      }
      case 'OrderPlaced': {
        const campaignIds = [...new Set(stored.data.discounts.map((discount) => discount.campaignId))];
        if (campaignIds.length === 0) return;
        for (const campaignId of campaignIds) this.count(campaignId, minute, 'orders_with_discount_due');
        for (const { campaignId, amount } of stored.data.discounts) this.give(campaignId, minute, amount);
        this.remember({ order_id: stored.data.orderId, campaign_ids: campaignIds, charge_judged: false });
        return;
      }
      case 'ChargeRecorded': {
        const order = this.orders.get(idInStream(event.streamId, 'order'));
        if (order === undefined) return; // no campaign discounted this order
        const { mismatch, totalCharged, expected } = stored.data;
        if (mismatch) for (const campaignId of order.campaign_ids) this.count(campaignId, minute, 'mismatches');
        if (order.charge_judged) return;
        if (compare(totalCharged, expected) <= 0) for (const campaignId of order.campaign_ids) this.count(campaignId, minute, 'orders_charged_with_discount');
        this.remember({ ...order, charge_judged: true });
        return;
      }
    }
  }

  private remember(order: DiscountedOrder): void {
    this.orders.set(order.order_id, order);
    this.changedOrders.set(order.order_id, order);
  }

  private count(campaignId: string, minute: string, counter: Counter): void {
    const key = `${campaignId}\u0000${minute}`;
    let counts = this.minutes.get(key);
    if (counts === undefined) {
      counts = { campaign_id: campaignId, minute, ...(Object.fromEntries(COUNTERS.map((name) => [name, 0])) as Record<Counter, number>) };
      this.minutes.set(key, counts);
    }
    counts[counter] += 1;
  }

  private countReason(reason: ReasonCount): void {
    const key = [reason.campaign_id, reason.minute, reason.outcome, reason.reason].join('\u0000');
    const before = this.reasonCounts.get(key);
    this.reasonCounts.set(key, before === undefined ? reason : { ...before, attempts: before.attempts + 1 });
  }

  private give(campaignId: string, minute: string, amount: Money): void {
    const key = [campaignId, minute, amount.currency].join('\u0000');
    const before = this.discountsGiven.get(key);
    this.discountsGiven.set(key, { campaign_id: campaignId, minute, given: before === undefined ? amount : add(before.given, amount) });
  }
}
