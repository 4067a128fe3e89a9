import { rejectionSpikeFindings } from './rejection-spike.rule';

const limits = { window: 200, baseline: 1000, minCount: 20, factor: 3, minIncrease: 0.1 };
const none = new Set<string>();

/** A deterministic pseudo-random stream (mulberry32), so the traffic below is "random" yet repeatable. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Steady traffic: 35 % of attempts under 100 USD, 3 % unknown codes, 1 % ended campaigns, the rest applied. */
function steadyAttempts(count: number, next: () => number): (string | null)[] {
  return Array.from({ length: count }, () => {
    const roll = next();
    if (roll < 0.35) return 'MIN_SUBTOTAL_NOT_MET';
    if (roll < 0.38) return 'UNKNOWN_CODE';
    if (roll < 0.39) return 'CAMPAIGN_ENDED';
    return null;
  });
}

describe('a spike of one rejection reason', () => {
  it('never fires on steady traffic, over many sliding windows and seeds', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const attempts = steadyAttempts(5000, random(seed));
      for (let start = 0; start + 1200 <= attempts.length; start += 50) {
        expect(rejectionSpikeFindings(attempts.slice(start, start + 1200), limits, none)).toEqual([]);
      }
    }
  });

  it('fires for the reason whose share jumped, and only that one', () => {
    const baseline = steadyAttempts(1000, random(7));
    const spike = steadyAttempts(200, random(8)).map((reason, index) => (index % 4 === 0 ? 'BUDGET_EXHAUSTED' : reason));
    const findings = rejectionSpikeFindings([...spike, ...baseline], limits, none);
    expect(findings.map((finding) => finding.key)).toEqual(['BUDGET_EXHAUSTED']);
    expect(findings[0].details).toMatchObject({ count: 50, windowAttempts: 200, share: 0.25, baselineShare: 0 });
  });

  it('fires when a common reason really jumps (MIN_SUBTOTAL_NOT_MET from about 35 % to all attempts)', () => {
    const baseline = steadyAttempts(1000, random(9));
    const findings = rejectionSpikeFindings([...Array<string>(200).fill('MIN_SUBTOTAL_NOT_MET'), ...baseline], { ...limits, factor: 2 }, none);
    expect(findings.map((finding) => finding.key)).toEqual(['MIN_SUBTOTAL_NOT_MET']);
  });

  it('needs a minimum count: a handful of a rare reason is noise', () => {
    const baseline = Array<string | null>(1000).fill(null);
    const window = Array<string | null>(200).fill(null).map((reason, index) => (index < 19 ? 'UNKNOWN_CODE' : reason));
    expect(rejectionSpikeFindings([...window, ...baseline], limits, none)).toEqual([]);
  });

  it('judges nothing before both windows are full, but keeps what already fires', () => {
    const few = Array<string>(300).fill('UNKNOWN_CODE');
    expect(rejectionSpikeFindings(few, limits, none)).toEqual([]);
    expect(rejectionSpikeFindings(few, limits, new Set(['UNKNOWN_CODE'])).map((finding) => finding.key)).toEqual(['UNKNOWN_CODE']);
  });
});
