import type { Money } from '@promo-ledger/domain';
import type { RecordedEvent } from '@promo-ledger/event-store';
import { eventOf, idInStream, positionKey } from '../shared/event-facts';

/**
 * The fate of one coupon attempt (or of one automatic discount, code null):
 * - applied / not_eligible: the code is on the cart; the latest quote (or the attach itself) says
 *   whether it applies; not_eligible keeps the reason and sentence. An attempt still open when the
 *   order is placed gets the order id, so an order's page also shows the code that did not apply.
 * - rejected: the code can never apply to this cart (CouponRejected); detached: the shopper removed it.
 * - confirmed: the order carries the discount and its redemption was confirmed on the budget.
 * - released: the redemption was given back before it was confirmed (cancelled in between, or the
 *   reconciler) — the discount never took effect.
 * - reversed: a confirmed redemption undone — the order was cancelled (OrderCancelled, or a
 *   RedemptionReleased after confirmation when the cancellation's own event is elsewhere).
 * Refunds and upheld disputes do not reverse a redemption: here they are how a shopper gets a
 * discount they were owed (the SPRING40 overcharge), so "reversed" would say the opposite.
 */
export type RedemptionStatus = 'applied' | 'not_eligible' | 'rejected' | 'detached' | 'confirmed' | 'released' | 'reversed';

/** A type alias, not an interface, so it fits writeRows' Record<string, unknown>. */
export type RedemptionRow = {
  id: string;
  cart_id: string | null;
  customer_id: string | null;
  order_id: string | null;
  campaign_id: string | null;
  code: string | null;
  status: RedemptionStatus;
  reason: string | null;
  explanation: string | null;
  note: string | null;
  discount_amount: number | null;
  discount_currency: string | null;
  attempted_at: string;
  updated_at: string;
};

export const REDEMPTION_EVENTS = new Set([
  'CartOpened', 'CouponAttached', 'CouponRejected', 'CouponDetached', 'QuoteIssued', 'OrderPlaced', 'RedemptionConfirmed', 'RedemptionReleased', 'OrderCancelled',
] as const);

const OPEN: ReadonlySet<RedemptionStatus> = new Set(['applied', 'not_eligible']);

/** One batch's view of the attempts it touches: rows read for its carts and orders, changed in log order. */
export class RedemptionBook {
  private readonly byCart = new Map<string, RedemptionRow[]>();
  private readonly byOrder = new Map<string, RedemptionRow[]>();
  private readonly changed = new Map<string, RedemptionRow>();
  readonly openedCarts: { cart_id: string; customer_id: string }[] = [];

  /** `existing` in id (log) order; `customers` by cart id. */
  constructor(existing: readonly RedemptionRow[], private readonly customers: Map<string, string>) {
    for (const row of existing) this.index(row);
  }

  get changedRows(): RedemptionRow[] {
    return [...this.changed.values()];
  }

  apply(event: RecordedEvent): void {
    const stored = eventOf(event, REDEMPTION_EVENTS);
    if (stored === null) return;
    const at = event.metadata.occurredAt;
    const cartId = idInStream(event.streamId, 'cart');
    switch (stored.type) {
      case 'CartOpened':
        this.customers.set(stored.data.cartId, stored.data.customerId);
        this.openedCarts.push({ cart_id: stored.data.cartId, customer_id: stored.data.customerId });
        return;
      case 'CouponAttached':
      case 'CouponRejected': {
        const { code, campaignId, reason, explanation } = stored.data;
        const status = stored.type === 'CouponRejected' ? 'rejected' : stored.data.status;
        this.create(event, { cart_id: cartId, customer_id: this.customers.get(cartId) ?? null, code, campaign_id: campaignId, status, reason, explanation });
        return;
      }
      case 'CouponDetached':
        this.update(this.openAttempt(cartId, stored.data.code), at, { status: 'detached', note: 'removed from the cart' });
        return;
      case 'QuoteIssued':
        for (const coupon of stored.data.coupons) {
          const discount = stored.data.discounts.find((applied) => applied.code === coupon.code)?.amount ?? null;
          const { status, reason, explanation } = coupon;
          this.update(this.openAttempt(cartId, coupon.code), at, { status, reason, explanation, ...discountColumns(discount) });
        }
        return;
      case 'OrderPlaced':
        return this.placeOrder(event, stored.data);
      case 'RedemptionConfirmed':
      case 'RedemptionReleased': {
        const { orderId, campaignId } = stored.data;
        const rows = (this.byOrder.get(orderId) ?? []).filter((row) => row.campaign_id === campaignId);
        for (const row of rows) {
          if (stored.type === 'RedemptionReleased') this.undo(row, at, stored.data.reason);
          else if (row.status === 'applied') this.update(row, at, { status: 'confirmed' });
        }
        return;
      }
      case 'OrderCancelled':
        for (const row of this.byOrder.get(idInStream(event.streamId, 'order')) ?? []) this.undo(row, at, `order cancelled (${stored.data.reason})`);
        return;
    }
  }

  private placeOrder(event: RecordedEvent, data: { orderId: string; cartId: string; customerId: string; discounts: readonly PlacedDiscount[] }): void {
    const at = event.metadata.occurredAt;
    this.customers.set(data.cartId, data.customerId);
    for (const row of this.byCart.get(data.cartId) ?? []) {
      if (OPEN.has(row.status)) this.update(row, at, { order_id: data.orderId, customer_id: row.customer_id ?? data.customerId });
    }
    data.discounts.forEach((discount, index) => {
      const row =
        (discount.code === null ? undefined : this.openAttempt(data.cartId, discount.code)) ??
        this.create(event, { cart_id: data.cartId, customer_id: data.customerId, code: discount.code, campaign_id: discount.campaignId, status: 'applied' }, index);
      this.update(row, at, { status: 'applied', order_id: data.orderId, campaign_id: discount.campaignId, reason: null, explanation: discount.explanation, ...discountColumns(discount.amount) });
    });
  }

  /** Cancellation and release both arrive after a cancel; whichever comes first decides, the other finds nothing open. */
  private undo(row: RedemptionRow, at: string, why: string): void {
    if (row.status === 'confirmed') this.update(row, at, { status: 'reversed', note: `reversed: ${why}` });
    else if (row.status === 'applied') this.update(row, at, { status: 'released', note: `released: ${why}` });
  }

  private openAttempt(cartId: string, code: string): RedemptionRow | undefined {
    const rows = this.byCart.get(cartId) ?? [];
    for (let index = rows.length - 1; index >= 0; index -= 1) {
      if (rows[index].code === code && OPEN.has(rows[index].status)) return rows[index];
    }
    return undefined;
  }

  private create(event: RecordedEvent, fields: Pick<RedemptionRow, 'cart_id' | 'customer_id' | 'code' | 'campaign_id' | 'status'> & Partial<RedemptionRow>, index?: number): RedemptionRow {
    const at = event.metadata.occurredAt;
    const row: RedemptionRow = {
      id: positionKey(event.position, index), order_id: null, reason: null, explanation: null, note: null,
      discount_amount: null, discount_currency: null, attempted_at: at, updated_at: at, ...fields,
    };
    this.index(row);
    this.changed.set(row.id, row);
    return row;
  }

  private update(row: RedemptionRow | undefined, at: string, fields: Partial<RedemptionRow>): void {
    if (row === undefined) return;
    const differs = (Object.keys(fields) as (keyof RedemptionRow)[]).some((key) => row[key] !== fields[key]);
    if (!differs) return;
    const orderBefore = row.order_id;
    Object.assign(row, fields, { updated_at: at });
    if (row.order_id !== null && row.order_id !== orderBefore) append(this.byOrder, row.order_id, row);
    this.changed.set(row.id, row);
  }

  private index(row: RedemptionRow): void {
    if (row.cart_id !== null) append(this.byCart, row.cart_id, row);
    if (row.order_id !== null) append(this.byOrder, row.order_id, row);
  }
}

interface PlacedDiscount {
  readonly campaignId: string;
  readonly code: string | null;
  readonly amount: Money;
  readonly explanation: string;
}

function discountColumns(discount: Money | null): Pick<RedemptionRow, 'discount_amount' | 'discount_currency'> {
  return { discount_amount: discount?.amount ?? null, discount_currency: discount?.currency ?? null };
}

function append(index: Map<string, RedemptionRow[]>, key: string, row: RedemptionRow): void {
  const rows = index.get(key);
  if (rows === undefined) index.set(key, [row]);
  else rows.push(row);
}
