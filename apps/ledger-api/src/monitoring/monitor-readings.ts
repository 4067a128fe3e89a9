import { Inject, Injectable } from '@nestjs/common';
import type { Money } from '@promo-ledger/domain';
import { EventStore, type SqlExecutor } from '@promo-ledger/event-store';
import { ORDER_TOTALS_LOG_ORDER, ProgressReader, ReadModelSchema, toInteger } from '@promo-ledger/projections';
import { SQL_DATABASE } from '../store/sql-database';
import type { DiscountOutcomes } from './rules/discount-success-rate.rule';
import type { OpenMismatches } from './rules/mismatch.rule';
import type { LagReading } from './rules/projection-lag.rule';

/** Rows of order_totals read per evaluation at most; enough for a few campaigns' two windows. */
const MAX_ORDERS_READ = 5000;

/**
 * What the monitors judge, read from the read models and the projections' checkpoints — never from
 * this process's counters — so every replica sees the same and a restart forgets nothing.
 */
@Injectable()
export class MonitorReadings {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlExecutor,
    @Inject(ReadModelSchema) private readonly schema: ReadModelSchema,
    @Inject(ProgressReader) private readonly progress: ProgressReader,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  /** Per campaign, its last `perCampaign` charged orders that had a discount due, newest charge first (log order). */
  async discountOutcomes(perCampaign: number): Promise<DiscountOutcomes[]> {
    const rows = await this.db.query<{ order_id: string; discounts: unknown; charged: unknown; expected_total: unknown }>(
      `SELECT order_id, discounts, charged, expected_total FROM ${this.schema.view('order_totals')}
       WHERE discount_total > 0 AND charged > 0 AND expected_total IS NOT NULL AND order_id IS NOT NULL
       ORDER BY ${ORDER_TOTALS_LOG_ORDER.map((expression) => `${expression} DESC`).join(', ')} LIMIT $1`,
      [Math.min(MAX_ORDERS_READ, perCampaign * 50)],
    );
    const byCampaign = new Map<string, { reflected: boolean[]; orderIds: string[] }>();
    for (const row of rows) {
      // the charge reflects every discount due when it is no more than the total the ledger expected
      const reflected = toInteger(row.charged) <= toInteger(row.expected_total);
      for (const campaignId of campaignsOf(row.discounts)) {
        const entry = byCampaign.get(campaignId) ?? { reflected: [], orderIds: [] };
        if (entry.reflected.length >= perCampaign) continue;
        entry.reflected.push(reflected);
        entry.orderIds.push(row.order_id);
        byCampaign.set(campaignId, entry);
      }
    }
    return [...byCampaign].map(([campaignId, entry]) => ({ campaignId, ...entry }));
  }

  async openMismatches(): Promise<OpenMismatches> {
    const view = this.schema.view('mismatches');
    const totals = await this.db.query<{ currency: string; count: unknown; exposure: unknown }>(
      `SELECT currency, count(*) AS count, sum(exposure) AS exposure FROM ${view} WHERE status = 'open' GROUP BY currency ORDER BY currency`,
    );
    const openCount = totals.reduce((sum, row) => sum + toInteger(row.count), 0);
    if (openCount === 0) return { openCount, exposure: [], campaignIds: [], newestOrderIds: [] };
    const newest = await this.db.query<{ order_id: string }>(`SELECT order_id FROM ${view} WHERE status = 'open' ORDER BY detected_at DESC, order_id DESC LIMIT 10`);
    const campaigns = await this.db.query<{ campaign_id: string }>(`SELECT DISTINCT unnest(campaign_ids) AS campaign_id FROM ${view} WHERE status = 'open' ORDER BY 1 LIMIT 50`);
    const exposure: Money[] = totals.filter((row) => toInteger(row.exposure) > 0).map((row) => ({ amount: toInteger(row.exposure), currency: row.currency }));
    return { openCount, exposure, campaignIds: campaigns.map((row) => row.campaign_id), newestOrderIds: newest.map((row) => row.order_id) };
  }

  /** The last `count` coupon attempts, newest first: the reason each did not apply, or null when it did. */
  async recentAttemptReasons(count: number): Promise<(string | null)[]> {
    const rows = await this.db.query<{ reason: string | null }>(
      `SELECT reason FROM ${this.schema.view('redemptions')} WHERE code IS NOT NULL ORDER BY attempted_at DESC, id DESC LIMIT $1`,
      [count],
    );
    return rows.map((row) => row.reason);
  }

  async projectionLag(): Promise<LagReading[]> {
    return (await this.progress.lag(this.store)).map(({ projection, lagEvents, lagSeconds }) => ({ projection, lagEvents, lagSeconds }));
  }
}

function campaignsOf(discounts: unknown): string[] {
  const list = typeof discounts === 'string' ? (JSON.parse(discounts) as unknown) : discounts;
  if (!Array.isArray(list)) return [];
  return [...new Set(list.map((discount) => (discount as { campaignId?: unknown }).campaignId).filter((id): id is string => typeof id === 'string'))];
}
