import { Logger } from '@nestjs/common';
import type { EventStore, SqlQueryable } from '@promo-ledger/event-store';
import { LAG_PROBE_LIMIT, type ProgressReader, type ReadModelSchema, toInteger } from '@promo-ledger/projections';
import { Gauge } from 'prom-client';
import type { LedgerMetrics } from './ledger-metrics';

export interface ReadModelSources {
  readonly db: SqlQueryable;
  readonly schema: ReadModelSchema;
  readonly progress: ProgressReader;
  readonly store: EventStore;
}

const logger = new Logger('Metrics');

/**
 * One read shared by the gauges of a scrape: prom-client collects every metric concurrently, so
 * the gauges fed by the same query join the read in flight instead of querying once each.
 */
function shared<T>(read: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => (pending ??= read().finally(() => (pending = null)));
}

/**
 * Series read from the read models at scrape time, so they count what the ledger recomputed from
 * the log (DESIGN §9), across every replica and restart; each replica reports the same values
 * (aggregate them with max, not sum). A database that cannot answer leaves the series out of
 * this scrape and counts a store error.
 */
export function registerReadModelGauges(metrics: LedgerMetrics, sources: ReadModelSources): void {
  const { db, schema } = sources;
  const gauge = <Row>(name: string, help: string, labelNames: readonly string[], read: () => Promise<Row[]>, labelsOf: (row: Row) => Record<string, string> | null, valueOf: (row: Row) => number): void => {
    new Gauge({
      name, help, labelNames, registers: [metrics.registry],
      async collect(this: Gauge) {
        this.reset();
        try {
          for (const row of await read()) {
            const labels = labelsOf(row);
            if (labels !== null) this.set(labels, valueOf(row));
          }
        } catch (error) {
          if (isUndefinedTable(error)) return; // read models not created yet (start-up)
          metrics.storeErrors.inc({ operation: `metrics:${name}` });
          logger.warn(`could not read ${name} for /metrics: ${(error as Error).message}`);
        }
      },
    });
  };

  type CampaignRow = { campaign_id: string; due: unknown; reflected: unknown };
  const campaigns = shared(() => db.query<CampaignRow>(
    `SELECT campaign_id, sum(orders_with_discount_due) AS due, sum(orders_charged_with_discount) AS reflected FROM ${schema.view('campaign_stats')} GROUP BY campaign_id`,
  ));
  gauge('ledger_orders_with_discount_due', 'Charged orders the ledger judged a discount due for, by campaign (a running count).', ['campaign'], campaigns, (row) => ({ campaign: row.campaign_id }), (row) => toInteger(row.due));
  gauge('ledger_orders_charged_with_discount', 'Of those, orders whose charge reflected every discount due, by campaign (a running count).', ['campaign'], campaigns, (row) => ({ campaign: row.campaign_id }), (row) => toInteger(row.reflected));

  type MismatchRow = { currency: string; status: string; count: unknown; amount: unknown; exposure: unknown };
  const mismatches = shared(() => db.query<MismatchRow>(
    `SELECT currency, status, count(*) AS count, sum(abs(delta)) AS amount, sum(exposure) AS exposure FROM ${schema.view('mismatches')} GROUP BY currency, status`,
  ));
  const byCurrencyAndStatus = (row: MismatchRow) => ({ currency: row.currency, status: row.status });
  gauge('ledger_charge_mismatches', 'Orders charged other than expected, by currency and status (open, resolved).', ['currency', 'status'], mismatches, byCurrencyAndStatus, (row) => toInteger(row.count));
  gauge('ledger_charge_mismatch_amount_minor_units', 'Sum of |charged − expected| of those orders, in minor units, by currency and status.', ['currency', 'status'], mismatches, byCurrencyAndStatus, (row) => toInteger(row.amount));
  gauge('ledger_mismatch_exposure_minor_units', 'Still owed to shoppers on open mismatches (overcharge minus refunds), in minor units, by currency.', ['currency'], mismatches, (row) => (row.status === 'open' ? { currency: row.currency } : null), (row) => toInteger(row.exposure));

  const lag = shared(() => sources.progress.lag(sources.store));
  gauge('ledger_projection_lag_events', `Events in the log a projection has not applied yet (counted up to ${LAG_PROBE_LIMIT.toLocaleString('en')}).`, ['projection'], lag, (entry) => ({ projection: entry.projection }), (entry) => entry.lagEvents);
  gauge('ledger_projection_lag_seconds', 'Age of the oldest event a projection has not applied yet (0 when caught up).', ['projection'], lag, (entry) => ({ projection: entry.projection }), (entry) => entry.lagSeconds);
}

function isUndefinedTable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '42P01';
}
