import {
  type AppliedDiscount, type AttachedCode, type CurrencyCode, attachedCodesOf, type CampaignSnapshot, customerHistory, type CustomerState, type ExistingCart,
  formatMoney, initialCustomerState, money, type OrderPlaced, priceAt, type PriceBookEntry, priceCart, type PriceState, pricingInput,
  type PricingResult,
} from '@promo-ledger/domain';
import { type CampaignWork, snapshotFor } from './working-state';

/** What the projection knows, at the OrderPlaced event, besides the cart. */
export interface PlacementFacts {
  campaign(campaignId: string): CampaignWork | undefined;
  /** Automatic campaigns (no code) whose status is active at this point of the log. */
  automaticCampaigns(): readonly CampaignWork[];
  price(sku: string): PriceState | undefined;
  customer(customerId: string): CustomerState | undefined;
}

export interface Recomputation {
  /** null when there was nothing to price (see `note`). */
  readonly result: PricingResult | null;
  /** Why the recomputation disagrees with what the order recorded; null when it agrees. */
  readonly note: string | null;
}

type Placed = OrderPlaced['data'];

/**
 * What the order should have cost, from the facts in force when it was placed: the cart's lines and
 * coupons, the prices in force at `placedAt` (scheduled prices included), each campaign's terms
 * version and status at that point of the log with its budget usage before this order, and the
 * customer's history before this order — priced with the same pure function the checkout uses.
 *
 * Why at `placedAt` and not at the quote's `issuedAt`: placement is when the shopper's money is
 * committed, and checkout refuses a quote whose prices or terms changed since; so for a sound checkout
 * both instants give the same facts, and one that differs (say, a schedule that ended between quote
 * and checkout, which checkout does not re-check) is worth flagging.
 *
 * Why single-use codes count as not yet redeemed: checkout claims the code for this order before the
 * order is placed, so no other order held it when this one was decided; a code held by another
 * order makes checkout fail instead of placing an order.
 */
export function recomputeOrder(cart: ExistingCart | undefined, placed: Placed, facts: PlacementFacts): Recomputation {
  if (cart === undefined) return { result: null, note: `the events of cart ${placed.cartId} were not found, so the order could not be recomputed` };
  const prices: Record<string, PriceBookEntry> = {};
  const unpriced: string[] = [];
  for (const line of cart.lines) {
    const state = facts.price(line.sku);
    const entry = state === undefined ? null : priceAt(state, placed.placedAt);
    if (entry === null) unpriced.push(line.sku);
    else prices[line.sku] = entry;
  }
  const byId = new Map<string, CampaignSnapshot>(facts.automaticCampaigns().map((work) => [work.campaign.campaignId, snapshotFor(work, placed.orderId)]));
  const codes = attachedCodesOf(cart).map((attached): AttachedCode => {
    const work = attached.campaignId === null ? undefined : facts.campaign(attached.campaignId);
    if (work === undefined) return { code: attached.code, campaignId: null };
    byId.set(work.campaign.campaignId, snapshotFor(work, placed.orderId));
    return attached;
  });
  const customer = customerHistory(facts.customer(cart.customerId) ?? initialCustomerState());
  let result: PricingResult;
  try {
    result = priceCart(pricingInput(cart, { now: placed.placedAt, prices, campaigns: [...byId.values()], customer }, codes));
  } catch (error) {
    return { result: null, note: `the pricing function refused the cart as projected: ${error instanceof Error ? error.message : String(error)}` };
  }
  return { result, note: disagreement(result, placed, unpriced) };
}

function disagreement(result: PricingResult, placed: Placed, unpriced: readonly string[]): string | null {
  // Compared as plain figures first: formatting sentences for every order would cost more than pricing it.
  if (signature(result.total.amount, result.discounts) === signature(placed.expectedTotal.amount, placed.discounts) && result.currency === placed.currency) return null;
  const caveat = unpriced.length === 0 ? '' : `; no price was in force for ${unpriced.join(', ')}, so the price recorded on the cart was used`;
  return `recomputed ${describe(result.total.amount, result.discounts, result.currency)}, but the order recorded ${describe(placed.expectedTotal.amount, placed.discounts, placed.currency)}${caveat}`;
}

const byCampaign = (discounts: readonly AppliedDiscount[]): AppliedDiscount[] =>
  [...discounts].sort((a, b) => (a.campaignId < b.campaignId ? -1 : a.campaignId > b.campaignId ? 1 : 0));

function signature(total: number, discounts: readonly AppliedDiscount[]): string {
  return [total, ...byCampaign(discounts).map((discount) => `${discount.campaignId} v${discount.campaignVersion} ${discount.amount.amount}`)].join('|');
}

/** The total and each campaign's discount with its terms version, e.g. `89.00 USD (spring40 v1 −40.00 USD)`. */
function describe(total: number, discounts: readonly AppliedDiscount[], currency: CurrencyCode): string {
  const parts = byCampaign(discounts).map((discount) => `${discount.campaignId} v${discount.campaignVersion} −${formatMoney(discount.amount)}`);
  return `${formatMoney(money(total, currency))} (${parts.length === 0 ? 'no discount' : parts.join(', ')})`;
}
