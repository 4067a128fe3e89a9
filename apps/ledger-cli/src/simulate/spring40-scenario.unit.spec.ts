import { CATALOGUE, planShopper, type SimulationShape } from './spring40-scenario';

const shape: SimulationShape = { size: 4000, seed: 42, faultShare: 0.15, faultFrom: 1600, hours: 6 };
const plans = (of: SimulationShape) => Array.from({ length: of.size }, (_, index) => planShopper(of, index));

describe('SPRING40 shoppers: every choice fixed by the seed', () => {
  it('the same seed gives the same shoppers; another seed other shoppers', () => {
    expect(plans(shape)).toEqual(plans(shape));
    expect(plans({ ...shape, seed: 43 })).not.toEqual(plans(shape));
  });

  it('nobody is charged without the discount before the fault; about the fault share after it', () => {
    const all = plans(shape);
    expect(all.slice(0, shape.faultFrom).some((plan) => plan.chargedWithoutDiscount)).toBe(false);
    const afterFault = all.slice(shape.faultFrom);
    const share = afterFault.filter((plan) => plan.chargedWithoutDiscount).length / afterFault.length;
    expect(share).toBeGreaterThan(0.12);
    expect(share).toBeLessThan(0.18);
    expect(plans({ ...shape, faultShare: 0 }).some((plan) => plan.chargedWithoutDiscount)).toBe(false);
  });

  it('arrivals spread over the simulated hours in shopper order', () => {
    const arrivals = plans(shape).map((plan) => plan.arrivesAt);
    expect(arrivals).toEqual([...arrivals].sort((a, b) => a - b));
    expect(arrivals[arrivals.length - 1]).toBeLessThanOrEqual(shape.hours * 3600);
    expect(arrivals[arrivals.length - 1]).toBeGreaterThan(shape.hours * 3600 * 0.99);
  });

  it('a realistic mix: carts over and under 100 USD of fashion, other categories, typos, abandoned carts, retries', () => {
    const all = plans(shape);
    const price = new Map(CATALOGUE.map((item) => [item.sku, item]));
    const fashionSubtotal = (plan: (typeof all)[number]) =>
      plan.items.reduce((sum, item) => sum + (price.get(item.sku)?.category === 'fashion-apparel' ? (price.get(item.sku)?.price ?? 0) * item.quantity : 0), 0);
    const over = all.filter((plan) => fashionSubtotal(plan) >= 10000).length / all.length;
    expect(over).toBeGreaterThan(0.3);
    expect(over).toBeLessThan(0.8);
    expect(all.some((plan) => plan.items.some((item) => price.get(item.sku)?.category !== 'fashion-apparel'))).toBe(true);
    expect(all.some((plan) => plan.code !== null && plan.code !== 'SPRING40')).toBe(true);
    expect(all.some((plan) => plan.code === null)).toBe(true);
    expect(new Set(all.map((plan) => plan.exit))).toEqual(new Set(['pays', 'leaves-after-quote', 'leaves-before-quote']));
    expect(all.some((plan) => plan.retriesCheckout)).toBe(true);
  });
});
