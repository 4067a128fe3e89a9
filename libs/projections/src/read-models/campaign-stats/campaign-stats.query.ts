import type { Money } from '@promo-ledger/domain';
import type { SqlQueryable } from '@promo-ledger/event-store';
import type { ReadModelSchema } from '../../engine/read-model-schema';
import { toInteger, toIsoInstant } from '../../engine/sql-values';
import { moneyPerCurrency } from '../shared/money-columns';
import { SqlFilter } from '../shared/sql-filter';

export type StatsBucket = 'minute' | 'hour' | 'day';
const BUCKETS: readonly StatsBucket[] = ['minute', 'hour', 'day'];

export interface StatsRange {
  /** ISO-8601, inclusive. */
  readonly from?: string;
  /** ISO-8601, exclusive. */
  readonly to?: string;
  readonly bucket?: StatsBucket;
}

export interface CampaignCounts {
  readonly attempts: number;
  readonly applied: number;
  readonly notEligible: number;
  /** Rejected attempts by reason code. */
  readonly rejected: Record<string, number>;
  /** Not-eligible attempts by reason code (MIN_SUBTOTAL_NOT_MET …). */
  readonly notEligibleReasons: Record<string, number>;
  readonly ordersWithDiscountDue: number;
  readonly ordersChargedWithDiscount: number;
  readonly mismatches: number;
  readonly discountGiven: Money[];
  /** ordersChargedWithDiscount ÷ ordersWithDiscountDue, null when none was due (DESIGN §9). */
  readonly successRate: number | null;
}

export interface CampaignStatsView {
  readonly campaignId: string;
  readonly bucket: StatsBucket;
  readonly from: string | null;
  readonly to: string | null;
  readonly totals: CampaignCounts;
  /** Buckets with any activity, oldest first; a bucket without events is absent, not zero. */
  readonly series: (CampaignCounts & { readonly start: string })[];
}

type Bucketed = Record<string, unknown> & { readonly start: unknown };

/** GET /v1/campaigns/:id/stats: minute counters rolled up into minute, hour or day buckets (UTC). */
export async function campaignStats(db: SqlQueryable, schema: ReadModelSchema, campaignId: string, range: StatsRange = {}): Promise<CampaignStatsView> {
  const bucket = range.bucket ?? 'minute';
  if (!BUCKETS.includes(bucket)) throw new RangeError(`bucket must be one of ${BUCKETS.join(', ')}, got "${String(bucket)}"`);
  const filter = SqlFilter.empty()
    .add('campaign_id = ?', campaignId)
    .add('minute >= ?::timestamptz', range.from)
    .add('minute < ?::timestamptz', range.to);
  // bucket is one of three literals (checked above); AT TIME ZONE 'UTC' keeps buckets independent of the session's time zone
  const start = `date_trunc('${bucket}', minute AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`;
  const select = (table: string, columns: string, groupBy = '') =>
    db.query<Bucketed>(`SELECT ${start} AS start, ${columns} FROM ${schema.view(table)} ${filter.where} GROUP BY 1${groupBy} ORDER BY 1`, filter.params);
  const counts = await select('campaign_stats', 'sum(attempts) AS attempts, sum(applied) AS applied, sum(not_eligible) AS not_eligible, ' +
    'sum(orders_with_discount_due) AS due, sum(orders_charged_with_discount) AS charged, sum(mismatches) AS mismatches');
  const reasons = await select('campaign_stats_reasons', 'outcome, reason, sum(attempts) AS attempts', ', outcome, reason');
  const discounts = await select('campaign_stats_discounts', 'currency, sum(amount) AS amount', ', currency');

  const series = counts.map((row) => {
    const at = toIsoInstant(row.start);
    const inBucket = <Row extends Bucketed>(rows: readonly Row[]) => rows.filter((other) => toIsoInstant(other.start) === at);
    return {
      start: at,
      ...withRate({
        attempts: toInteger(row.attempts),
        applied: toInteger(row.applied),
        notEligible: toInteger(row.not_eligible),
        rejected: byReason(inBucket(reasons), 'rejected'),
        notEligibleReasons: byReason(inBucket(reasons), 'not_eligible'),
        ordersWithDiscountDue: toInteger(row.due),
        ordersChargedWithDiscount: toInteger(row.charged),
        mismatches: toInteger(row.mismatches),
        discountGiven: moneyPerCurrency(inBucket(discounts).map((given) => ({ currency: given.currency, amount: given.amount }))),
      }),
    };
  });
  return { campaignId, bucket, from: range.from ?? null, to: range.to ?? null, totals: totalOf(series), series };
}

function byReason(rows: readonly Bucketed[], outcome: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) if (row.outcome === outcome) counts[String(row.reason)] = (counts[String(row.reason)] ?? 0) + toInteger(row.attempts);
  return counts;
}

function withRate(counts: Omit<CampaignCounts, 'successRate'>): CampaignCounts {
  return { ...counts, successRate: counts.ordersWithDiscountDue === 0 ? null : counts.ordersChargedWithDiscount / counts.ordersWithDiscountDue };
}

function totalOf(series: readonly CampaignCounts[]): CampaignCounts {
  const sum = (pick: (counts: CampaignCounts) => number) => series.reduce((total, counts) => total + pick(counts), 0);
  const merge = (pick: (counts: CampaignCounts) => Record<string, number>) => {
    const merged: Record<string, number> = {};
    for (const counts of series) for (const [reason, count] of Object.entries(pick(counts))) merged[reason] = (merged[reason] ?? 0) + count;
    return merged;
  };
  return withRate({
    attempts: sum((counts) => counts.attempts),
    applied: sum((counts) => counts.applied),
    notEligible: sum((counts) => counts.notEligible),
    rejected: merge((counts) => counts.rejected),
    notEligibleReasons: merge((counts) => counts.notEligibleReasons),
    ordersWithDiscountDue: sum((counts) => counts.ordersWithDiscountDue),
    ordersChargedWithDiscount: sum((counts) => counts.ordersChargedWithDiscount),
    mismatches: sum((counts) => counts.mismatches),
    discountGiven: moneyPerCurrency(series.flatMap((counts) => counts.discountGiven)),
  });
}
