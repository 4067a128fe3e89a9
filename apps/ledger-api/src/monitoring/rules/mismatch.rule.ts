import { formatMoney, type Money } from '@promo-ledger/domain';
import type { Finding } from './alert-finding';

export interface OpenMismatches {
  readonly openCount: number;
  /** Still owed to shoppers, per currency. */
  readonly exposure: readonly Money[];
  readonly campaignIds: readonly string[];
  /** The most recently detected, newest first (a few, for the alert's reader). */
  readonly newestOrderIds: readonly string[];
}

export const MISMATCH_KEY = 'open-mismatches';

/**
 * Any open mismatch is an alert: raised once when the first appears, updated as the count and
 * the exposure change, resolved when none is open (refunded, disputed and settled, or re-charged).
 */
export function mismatchFindings(open: OpenMismatches): Finding[] {
  if (open.openCount === 0) return [];
  const owed = open.exposure.length === 0 ? 'nothing owed yet' : `${open.exposure.map(formatMoney).join(' + ')} owed to shoppers`;
  const orders = open.openCount === 1 ? '1 order was' : `${open.openCount} orders were`;
  return [
    {
      key: MISMATCH_KEY,
      severity: 'critical',
      summary: `${orders} charged other than the ledger expected; ${owed}. See GET /v1/mismatches?status=open.`,
      details: { openCount: open.openCount, exposure: open.exposure, campaignIds: open.campaignIds, newestOrderIds: open.newestOrderIds },
      campaignId: open.campaignIds.length === 1 ? open.campaignIds[0] : null,
      tracked: true,
    },
  ];
}

export const MISMATCH_RESOLVED = 'No open mismatch left.';
