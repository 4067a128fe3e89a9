import {
  type BudgetEvent, type BudgetTotals, type CampaignEvent, type CampaignSnapshot, type CartEvent, type CustomerEvent, type CustomerState,
  emptyTotals, evolveCampaign, evolveCart, evolveCustomer, evolvePrice, type ExistingCampaign, type ExistingCart, initialCampaignState,
  initialCartState, initialCustomerState, initialPriceState, type PriceEvent, priceAt, type PriceState, toSnapshot, totalsWith,
} from '@promo-ledger/domain';

/**
 * The states the recomputation reads, each folded with the domain's own `evolve` so the projection
 * sees a cart, a campaign, a price book and a customer exactly as the deciders do. Each is trimmed
 * of what pricing never reads, because every state a batch touches is written back whole.
 */

/** A cart without its quotes (they are big and pricing does not read them), plus each quote's total. */
export interface CartWork {
  readonly cart: ExistingCart;
  readonly quotedTotals: Readonly<Record<string, number>>;
  /** The cart content version the last quote priced: the cart is "quoted" while it still matches. */
  readonly lastQuotedVersion: number | null;
}

export function foldCart(work: CartWork | undefined, event: CartEvent): CartWork | undefined {
  // A cart stream that does not start with CartOpened is not a cart this read model can describe.
  if (work === undefined && event.type !== 'CartOpened') return undefined;
  const next = evolveCart(work?.cart ?? initialCartState(), event);
  if (next.status === 'none') return undefined;
  const cart: ExistingCart = { ...next, quotes: {} };
  if (event.type === 'QuoteIssued') {
    const { quoteId, total, cartVersion } = event.data;
    return { cart, quotedTotals: { ...work?.quotedTotals, [quoteId]: total.amount }, lastQuotedVersion: cartVersion };
  }
  return { cart, quotedTotals: work?.quotedTotals ?? {}, lastQuotedVersion: work?.lastQuotedVersion ?? null };
}

/** A campaign's terms and status, and its budget usage as the running totals of its budget stream say. */
export interface CampaignWork {
  /** Without the issued single-use codes: there can be very many, and pricing does not read them. */
  readonly campaign: ExistingCampaign;
  readonly usage: BudgetTotals;
  /** For each order holding a reservation not yet confirmed or released: the usage just before it. */
  readonly usageBeforeOrder: Readonly<Record<string, BudgetTotals>>;
}

export function foldCampaign(work: CampaignWork | undefined, event: CampaignEvent): CampaignWork | undefined {
  if (work === undefined && event.type !== 'CampaignCreated') return undefined;
  const next = evolveCampaign(work?.campaign ?? initialCampaignState(), event);
  if (next.status === 'none') return undefined;
  return { usage: emptyTotals, usageBeforeOrder: {}, ...work, campaign: { ...next, issuedCodes: [] } };
}

export function foldBudget(work: CampaignWork | undefined, event: BudgetEvent): CampaignWork | undefined {
  if (work === undefined) return undefined;
  const { orderId, totals } = event.data;
  const { [orderId]: _settled, ...others } = work.usageBeforeOrder;
  if (event.type === 'RedemptionReserved') {
    return { ...work, usage: totals, usageBeforeOrder: { ...others, [orderId]: totalsWith(totals, event.data.discount, -1) } };
  }
  return { ...work, usage: totals, usageBeforeOrder: others };
}

/**
 * The campaign as pricing saw it when this order was decided. Why the usage before the order's own
 * reservation: checkout reserves the budget before it places the order, so the latest totals
 * already count this very order, and judging it against them would find a budget it used itself
 * (maxRedemptions reached, or the discount capped by what is left). The usage the order's own
 * reservation was accepted on is the closest fact to what the quote saw; when no reservation is
 * held (no discount was quoted for the campaign) the latest totals are that fact.
 */
export function snapshotFor(work: CampaignWork, orderId: string): CampaignSnapshot {
  return toSnapshot(work.campaign, work.usageBeforeOrder[orderId] ?? work.usage);
}

/**
 * How long a superseded price is kept. Log order and the instants in events agree only up to the
 * clocks of the writers, so a price replaced a moment ago may still be the one an order placed
 * "just before" relied on; a day is far more than any skew, and bounds the entries kept per sku.
 */
const SUPERSEDED_PRICE_KEPT_MS = 24 * 60 * 60 * 1000;

export function foldPrice(state: PriceState | undefined, event: PriceEvent): PriceState {
  const next = evolvePrice(state ?? initialPriceState(), event);
  const horizon = new Date(Date.parse(event.data.setAt) - SUPERSEDED_PRICE_KEPT_MS).toISOString();
  const inForce = priceAt(next, horizon);
  if (inForce === null) return next;
  // Every instant from the horizon on is priced by `inForce` or by an entry effective after the horizon.
  return { ...next, entries: next.entries.filter((entry) => entry === inForce || Date.parse(entry.effectiveAt) > Date.parse(horizon)) };
}

export function foldCustomer(state: CustomerState | undefined, event: CustomerEvent): CustomerState {
  return evolveCustomer(state ?? initialCustomerState(), event);
}
