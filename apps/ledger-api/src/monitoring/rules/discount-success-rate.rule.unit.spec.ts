import { discountSuccessRateFindings, type DiscountOutcomes } from './discount-success-rate.rule';

const limits = { window: 20, threshold: 0.9, drop: 0.1 };
const none = new Set<string>();

/** `pattern` newest first: '.' charged with the discount, 'x' charged without it. */
function outcomes(pattern: string, campaignId = 'spring40'): DiscountOutcomes {
  const reflected = [...pattern].map((mark) => mark === '.');
  return { campaignId, reflected, orderIds: reflected.map((_ok, index) => `order-${index}`) };
}

describe('discount-application success rate', () => {
  it('stays quiet while every order is charged with its discount', () => {
    expect(discountSuccessRateFindings([outcomes('.'.repeat(40))], limits, none)).toEqual([]);
  });

  it('fires when the last 20 fall below 90 %, naming the affected orders', () => {
    const [finding] = discountSuccessRateFindings([outcomes(`x..x....x${'.'.repeat(11)}`)], limits, none);
    expect(finding).toMatchObject({ key: 'spring40', campaignId: 'spring40', severity: 'critical' });
    expect(finding.details).toMatchObject({ windowOrders: 20, chargedWithDiscount: 17, successRate: 0.85, affectedOrderIds: ['order-0', 'order-3', 'order-8'] });
    expect(finding.summary).toContain('3 of the last 20');
  });

  it('fires on two misses in 20 right after a clean window (a 10-point drop), the usual first sign of the fault', () => {
    expect(discountSuccessRateFindings([outcomes(`x.x${'.'.repeat(37)}`)], limits, none).map((finding) => finding.details.successRate)).toEqual([0.9]);
    expect(discountSuccessRateFindings([outcomes(`x${'.'.repeat(39)}`)], limits, none)).toEqual([]);
  });

  it('does not fire at exactly the threshold without a drop (18 of 20 with the same rate before)', () => {
    const window = `x.........x${'.'.repeat(9)}`;
    expect(discountSuccessRateFindings([outcomes(window + window)], limits, none)).toEqual([]);
  });

  it('fires on a sharp drop against the preceding window even above the threshold', () => {
    const sharp = { ...limits, threshold: 0.5, drop: 0.1 };
    const findings = discountSuccessRateFindings([outcomes(`xx${'.'.repeat(38)}`)], sharp, none);
    expect(findings.map((finding) => finding.details.previousSuccessRate)).toEqual([1]);
  });

  it('does not judge a campaign before it has a full window of orders', () => {
    expect(discountSuccessRateFindings([outcomes('xxxxx')], limits, none)).toEqual([]);
  });

  it('keeps firing while the fault lasts, even in a window that happens to clear the threshold', () => {
    const mostlyFine = `x${'.'.repeat(19)}`;
    expect(discountSuccessRateFindings([outcomes(mostlyFine)], limits, new Set(['spring40']))).toHaveLength(1);
  });

  it('resolves once a whole window was charged correctly', () => {
    expect(discountSuccessRateFindings([outcomes(`${'.'.repeat(20)}xxxx`)], limits, new Set(['spring40']))).toEqual([]);
  });

  it('judges each campaign on its own orders', () => {
    const findings = discountSuccessRateFindings([outcomes('.'.repeat(20), 'summer'), outcomes(`xxx${'.'.repeat(17)}`, 'spring40')], limits, none);
    expect(findings.map((finding) => finding.key)).toEqual(['spring40']);
  });
});

describe('discount-application success rate on the incident (default thresholds, 15 % of orders charged without the discount)', () => {
  /** mulberry32: repeatable "random" orders per seed. */
  const random = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const defaults = { window: 20, threshold: 0.9, drop: 0.1 };

  /** Orders with a discount due after the fault began when the alert first fires, evaluating after every order; null if not within 200. */
  function ordersUntilAlert(seed: number): { before: boolean; after: number | null } {
    const next = random(seed);
    const newestFirst: boolean[] = [];
    let before = false;
    for (let order = 0; order < 300; order += 1) {
      newestFirst.unshift(order < 100 || next() >= 0.15);
      const fired = discountSuccessRateFindings([{ campaignId: 'spring40', reflected: newestFirst.slice(0, 40), orderIds: [] }], defaults, none).length > 0;
      if (fired && order < 100) before = true;
      if (fired && order >= 100) return { before, after: order - 99 };
    }
    return { before, after: null };
  }

  it('never fires before the fault and fires within 50 orders after it in at least 97 % of 500 runs', () => {
    const runs = Array.from({ length: 500 }, (_run, seed) => ordersUntilAlert(seed + 1));
    expect(runs.filter((run) => run.before)).toEqual([]);
    const within50 = runs.filter((run) => run.after !== null && run.after <= 50).length;
    expect(within50 / runs.length).toBeGreaterThanOrEqual(0.97);
  });
});
