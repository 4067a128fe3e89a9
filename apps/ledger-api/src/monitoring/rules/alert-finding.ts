import type { AlertSeverity } from '@promo-ledger/domain';

/** The four built-in monitors; each keeps its alerts in stream `monitor-<rule>`. */
export const MONITOR_RULES = ['discount-success-rate', 'mismatch', 'rejection-spike', 'projection-lag'] as const;
export type MonitorRule = (typeof MONITOR_RULES)[number];

/**
 * A condition a rule finds true now. `key` tells apart alerts of one rule (a campaign, a reason, a
 * projection); `tracked` alerts are updated while they fire when their details change (the open
 * mismatches' count and exposure), the others keep what they said when they were raised.
 */
export interface Finding {
  readonly key: string;
  readonly severity: AlertSeverity;
  readonly summary: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly campaignId: string | null;
  readonly tracked: boolean;
}

/** A share as a whole percentage for sentences ("85 %"). */
export function percent(share: number): string {
  return `${Math.round(share * 1000) / 10} %`;
}
