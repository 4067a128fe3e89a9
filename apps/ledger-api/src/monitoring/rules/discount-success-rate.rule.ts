import { type Finding, percent } from './alert-finding';

/** One campaign's most recent charged orders that had a discount due, newest first: true when the charge reflected every discount. */
export interface DiscountOutcomes {
  readonly campaignId: string;
  readonly reflected: readonly boolean[];
  /** The orders behind `reflected`, same order. */
  readonly orderIds: readonly string[];
}

export interface SuccessRateThresholds {
  /** Orders per window (the last N charged orders with a discount due). */
  readonly window: number;
  /** Fires below this success rate … */
  readonly threshold: number;
  /** … or when the rate fell at least this much against the window before. */
  readonly drop: number;
}

/**
 * The discount-application success rate (DESIGN §9) per campaign over the last `window` orders
 * with a discount due. It fires below the threshold or on a sharp drop against the preceding
 * window; once firing it resolves only after a whole window of orders charged correctly, so a
 * fault that drops the discount for a share of orders does not flap the alert open and shut.
 */
export function discountSuccessRateFindings(campaigns: readonly DiscountOutcomes[], limits: SuccessRateThresholds, firing: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  for (const campaign of campaigns) {
    const current = campaign.reflected.slice(0, limits.window);
    if (current.length < limits.window) {
      if (firing.has(campaign.campaignId)) findings.push(stillFiring(campaign));
      continue;
    }
    const rate = successRate(current);
    const preceding = campaign.reflected.slice(limits.window, 2 * limits.window);
    const previousRate = preceding.length === limits.window ? successRate(preceding) : null;
    const low = rate < limits.threshold;
    const dropped = previousRate !== null && previousRate - rate >= limits.drop - 1e-9;
    const recovered = rate === 1;
    if (firing.has(campaign.campaignId) ? !recovered : low || dropped) findings.push(finding(campaign, current, rate, previousRate, limits));
  }
  // a campaign that left the readings (no recent orders at all) keeps its alert until orders show it recovered
  for (const key of firing) if (!campaigns.some((campaign) => campaign.campaignId === key)) findings.push(stillFiring({ campaignId: key, reflected: [], orderIds: [] }));
  return findings;
}

function successRate(outcomes: readonly boolean[]): number {
  return outcomes.filter(Boolean).length / outcomes.length;
}

function finding(campaign: DiscountOutcomes, current: readonly boolean[], rate: number, previousRate: number | null, limits: SuccessRateThresholds): Finding {
  const missed = current.length - current.filter(Boolean).length;
  const affected = campaign.orderIds.slice(0, current.length).filter((_orderId, index) => !current[index]);
  const trend = previousRate === null ? '' : `, ${percent(previousRate)} the ${limits.window} before`;
  return {
    key: campaign.campaignId,
    severity: 'critical',
    summary: `${campaign.campaignId}: ${missed} of the last ${current.length} orders with a discount due were charged without it — success rate ${percent(rate)} (threshold ${percent(limits.threshold)}${trend}).`,
    details: { windowOrders: current.length, chargedWithDiscount: current.length - missed, successRate: rate, previousSuccessRate: previousRate, threshold: limits.threshold, affectedOrderIds: affected },
    campaignId: campaign.campaignId,
    tracked: false,
  };
}

function stillFiring(campaign: DiscountOutcomes): Finding {
  return { key: campaign.campaignId, severity: 'critical', summary: `${campaign.campaignId}: not enough recent orders to show the discount applies again.`, details: {}, campaignId: campaign.campaignId, tracked: false };
}

export const discountSuccessRateResolved = (campaignId: string, window: number): string => `${campaignId}: the last ${window} orders with a discount due were all charged with it.`;
