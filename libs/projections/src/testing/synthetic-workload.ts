import { automaticCodes, home10Terms, publicCode, type Shop, shopFor, spring40Terms } from './synthetic-workload.catalogue';
import { type Produced, SyntheticLedger } from './synthetic-workload.ledger';
import { SeededRandom } from './synthetic-workload.random';
import { type ShopperPlan, shopperSession, type ShopperStep } from './synthetic-workload.shopper';
import { CATALOGUE_FLOW, type WorkloadAppend } from './synthetic-workload.types';

export { appendWorkload, type AppendWorkloadOptions } from './synthetic-workload.append';
export { CATALOGUE_FLOW, type WorkloadAppend } from './synthetic-workload.types';

export interface SyntheticWorkloadOptions {
  /** Shopper sessions (carts opened); about 85% of them place an order. */
  readonly orders: number;
  readonly seed: number;
  /** Share of discounted orders charged without the discount (charged = expected + discount): mismatches. Default 0.15. */
  readonly faultShare?: number;
  /** ISO-8601 instant of the first append. Default 2026-03-20T10:00:00Z. */
  readonly start?: string;
  /** Simulated time between two appends. Default 50 ms. */
  readonly stepMs?: number;
  /** Stop opening carts once this many events were produced (sessions under way still finish). */
  readonly maxEvents?: number;
  /** Prefixes every sku, campaign, code, cart and customer id, so a second workload can go to the same store. */
  readonly idPrefix?: string;
  /** Sessions under way at once, interleaved in the log as concurrent requests are. Default 24. */
  readonly concurrentShoppers?: number;
}

/** A price change after every this many sessions. */
const PRICE_CHANGE_EVERY = 1_500;

/**
 * A deterministic, realistic ledger workload: SPRING40 and an automatic 10%-off-home campaign,
 * 30 priced skus, then shopper sessions driven through the real deciders (see shopperSession),
 * with the configured share of faulty charges and a price change now and then.
 */
export function* syntheticWorkload(options: SyntheticWorkloadOptions): Generator<WorkloadAppend, void> {
  const random = new SeededRandom(options.seed);
  const startMs = Date.parse(options.start ?? '2026-03-20T10:00:00Z');
  const stepMs = options.stepMs ?? 50;
  const ledger = new SyntheticLedger(startMs, random);
  const shop = shopFor(options.idPrefix);
  const maxEvents = options.maxEvents ?? Infinity;
  const customers = Math.max(10, Math.ceil(Math.min(options.orders, maxEvents / 11) / 3));
  let events = 0;
  const emit = (produced: Produced, flow: string, correlationId: string): WorkloadAppend => {
    const append = { streamId: produced.streamId, events: produced.events, occurredAt: ledger.now, flow, correlationId };
    events += produced.events.length;
    ledger.advance(stepMs);
    return append;
  };

  for (const produced of setUp(ledger, shop, startMs)) yield emit(produced, CATALOGUE_FLOW, random.uuid());
  const active: { flow: string; steps: Generator<ShopperStep, void> }[] = [];
  let opened = 0;
  for (;;) {
    while (active.length < (options.concurrentShoppers ?? 24) && opened < options.orders && events < maxEvents) {
      if (opened > 0 && opened % PRICE_CHANGE_EVERY === 0) yield emit(priceChange(ledger, random, shop), CATALOGUE_FLOW, random.uuid());
      const plan = drawPlan(random, shop, customers, options.faultShare ?? 0.15);
      active.push({ flow: plan.cartId, steps: shopperSession(ledger, random, shop, plan) });
      opened += 1;
    }
    if (active.length === 0) return;
    const index = random.int(0, active.length - 1);
    const step = active[index].steps.next();
    if (step.done) active.splice(index, 1);
    else yield emit(step.value, active[index].flow, step.value.correlationId);
  }
}

/** How many events a workload holds (consumes it). */
export function countEvents(workload: Iterable<WorkloadAppend>): number {
  let count = 0;
  for (const append of workload) count += append.events.length;
  return count;
}

function* setUp(ledger: SyntheticLedger, shop: Shop, startMs: number): Generator<Produced> {
  for (const item of shop.catalogue) {
    yield ledger.setPrice({ type: 'SetPrice', data: { sku: item.sku, price: item.price, category: item.category, reason: 'catalogue import' } });
  }
  const campaigns = [
    { campaignId: shop.spring40.campaignId, name: shop.spring40.name, codes: publicCode(shop.spring40.code), terms: spring40Terms(startMs) },
    { campaignId: shop.home10.campaignId, name: shop.home10.name, codes: automaticCodes, terms: home10Terms(startMs) },
  ];
  for (const { campaignId, name, codes, terms } of campaigns) {
    yield ledger.registerCampaign(campaignId, codes);
    yield ledger.campaign({ type: 'CreateCampaign', data: { campaignId, name, codes, terms } });
    yield ledger.campaign({ type: 'ActivateCampaign', data: { campaignId } });
  }
}

function priceChange(ledger: SyntheticLedger, random: SeededRandom, shop: Shop): Produced {
  const item = random.pick(shop.catalogue);
  const current = ledger.priceOf(item.sku)?.price.amount ?? item.price.amount;
  // ±5–15 %, kept in whole dollars minus a cent, between 5 and 200 USD
  const percent = random.int(5, 15) * (random.chance(0.5) ? 1 : -1);
  const amount = Math.min(20_000, Math.max(500, Math.round((current * (100 + percent)) / 10_000) * 100 - 1));
  return ledger.setPrice({ type: 'SetPrice', data: { sku: item.sku, price: { amount, currency: 'USD' }, category: item.category, reason: percent > 0 ? 'repricing up' : 'markdown' } });
}

function drawPlan(random: SeededRandom, shop: Shop, customers: number, faultShare: number): ShopperPlan {
  const couponDraw = random.next();
  const abandonDraw = random.next();
  return {
    cartId: shop.id(random.uuid()),
    customerId: shop.id(`customer-${random.int(1, customers)}`),
    channel: random.chance(0.6) ? 'web' : 'app',
    customerTags: random.chance(0.1) ? ['vip'] : [],
    small: random.chance(0.2),
    coupon: couponDraw < 0.03 ? 'unknown' : couponDraw < 0.73 ? 'spring40' : 'none',
    couponFirst: random.chance(0.15),
    detachCoupon: random.chance(0.02),
    shipping: random.chance(0.25),
    removeHomeItem: random.chance(0.05),
    abandon: abandonDraw < 0.03 ? 'before_quote' : abandonDraw < 0.1 ? 'after_quote' : 'no',
    cancelAfterCharge: random.chance(0.05),
    chargeWithoutDiscount: random.chance(faultShare),
  };
}
