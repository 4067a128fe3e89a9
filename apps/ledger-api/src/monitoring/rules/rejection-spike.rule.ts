import { type Finding, percent } from './alert-finding';

export interface SpikeThresholds {
  /** Attempts in the window under watch (the most recent). */
  readonly window: number;
  /** Attempts before it that make the baseline. */
  readonly baseline: number;
  /** At least this many attempts of the reason in the window. */
  readonly minCount: number;
  /** Its share must be at least this many times its baseline share … */
  readonly factor: number;
  /** … and at least this much above it (absolute), so a rare reason's noise never fires. */
  readonly minIncrease: number;
}

/**
 * A spike of one rejection reason: its share of the most recent coupon attempts well above its
 * share of the attempts before. Shares, not counts, so busier traffic is not a spike; a reason
 * that is always common (MIN_SUBTOTAL_NOT_MET for carts under 100 USD) has a high baseline and
 * only fires if it really jumps. Nothing is judged until both windows are full.
 *
 * `reasons` is one entry per attempt, newest first: the reason it did not apply, or null when it did.
 */
export function rejectionSpikeFindings(reasons: readonly (string | null)[], limits: SpikeThresholds, firing: ReadonlySet<string>): Finding[] {
  if (reasons.length < limits.window + limits.baseline) return [...firing].map(notJudged);
  const window = reasons.slice(0, limits.window);
  const baseline = reasons.slice(limits.window, limits.window + limits.baseline);
  const windowCounts = countReasons(window);
  const baselineCounts = countReasons(baseline);
  const findings: Finding[] = [];
  for (const [reason, count] of windowCounts) {
    const share = count / window.length;
    const baselineShare = (baselineCounts.get(reason) ?? 0) / baseline.length;
    const spiking = count >= limits.minCount && share >= baselineShare * limits.factor && share - baselineShare >= limits.minIncrease;
    if (!spiking) continue;
    findings.push({
      key: reason,
      severity: 'warning',
      summary: `${reason}: ${count} of the last ${window.length} coupon attempts (${percent(share)}), against ${percent(baselineShare)} of the ${baseline.length} before.`,
      details: { reason, count, windowAttempts: window.length, share, baselineAttempts: baseline.length, baselineShare },
      campaignId: null,
      tracked: false,
    });
  }
  return findings;
}

function countReasons(reasons: readonly (string | null)[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const reason of reasons) if (reason !== null) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return counts;
}

function notJudged(reason: string): Finding {
  return { key: reason, severity: 'warning', summary: `${reason}: not enough recent attempts to judge.`, details: {}, campaignId: null, tracked: false };
}

export const rejectionSpikeResolved = (reason: string): string => `${reason} is back to its usual share of coupon attempts.`;
