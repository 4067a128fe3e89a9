import type { RecordedEvent, SqlQueryable } from '@promo-ledger/event-store';
import type { Projection, TableNames } from '../../engine/projection';
import { writeRows } from '../../engine/write-rows';
import { eventOf, idInStream } from '../shared/event-facts';
import { textArray, textArrayParam } from '../shared/sql-filter';
import { CampaignTally, COUNTED_EVENTS, COUNTERS, type DiscountedOrder } from './campaign-stats.fold';

/**
 * Campaign health per minute (DESIGN §9): attempts by outcome and reason, orders with a discount
 * due and of those charged with it (the discount-application success rate), mismatches, discount
 * given per currency. Counters are upserted as increments, so a batch adds to the minute it touches.
 */
export const campaignStatsProjection: Projection = {
  name: 'campaign_stats',
  version: 1,
  tables: [
    {
      name: 'campaign_stats',
      columns: `campaign_id text NOT NULL, minute timestamptz NOT NULL, ${COUNTERS.map((counter) => `${counter} bigint NOT NULL`).join(', ')},
        PRIMARY KEY (campaign_id, minute)`,
    },
    {
      name: 'campaign_stats_reasons',
      columns: `campaign_id text NOT NULL, minute timestamptz NOT NULL, outcome text NOT NULL, reason text NOT NULL, attempts bigint NOT NULL,
        PRIMARY KEY (campaign_id, minute, outcome, reason)`,
    },
    {
      name: 'campaign_stats_discounts',
      columns: `campaign_id text NOT NULL, minute timestamptz NOT NULL, currency text NOT NULL, amount bigint NOT NULL,
        PRIMARY KEY (campaign_id, minute, currency)`,
    },
    { name: 'campaign_stats_orders', columns: 'order_id text PRIMARY KEY, campaign_ids text[] NOT NULL, charge_judged boolean NOT NULL' },
  ],

  async applyBatch({ events, tx, table }) {
    if (!events.some((event) => eventOf(event, COUNTED_EVENTS) !== null)) return;
    const tally = new CampaignTally(await loadOrders(tx, table, events));
    for (const event of events) tally.apply(event);
    const counts = table('campaign_stats');
    await writeRows(tx, counts, tally.counts, `(campaign_id, minute) DO UPDATE SET ${COUNTERS.map((name) => `${name} = ${counts}.${name} + excluded.${name}`).join(', ')}`);
    const reasons = table('campaign_stats_reasons');
    await writeRows(tx, reasons, tally.reasons, `(campaign_id, minute, outcome, reason) DO UPDATE SET attempts = ${reasons}.attempts + excluded.attempts`);
    const discounts = table('campaign_stats_discounts');
    await writeRows(tx, discounts, tally.discounts, `(campaign_id, minute, currency) DO UPDATE SET amount = ${discounts}.amount + excluded.amount`);
    await writeRows(tx, table('campaign_stats_orders'), tally.ordersToWrite, '(order_id) DO UPDATE SET charge_judged = excluded.charge_judged');
  },
};

/** The discounted orders the batch's charges refer to, unless the batch placed them itself. */
async function loadOrders(tx: SqlQueryable, table: TableNames, events: readonly RecordedEvent[]): Promise<Map<string, DiscountedOrder>> {
  const placed = new Set<string>();
  const charged = new Set<string>();
  for (const event of events) {
    const orderId = idInStream(event.streamId, 'order');
    if (event.type === 'OrderPlaced') placed.add(orderId);
    else if (event.type === 'ChargeRecorded' && !placed.has(orderId)) charged.add(orderId);
  }
  if (charged.size === 0) return new Map();
  const rows = await tx.query<DiscountedOrder>(
    `SELECT order_id, campaign_ids, charge_judged FROM ${table('campaign_stats_orders')} WHERE order_id = ANY(${textArray('$1')})`,
    [textArrayParam(charged)],
  );
  return new Map(rows.map((row) => [row.order_id, row]));
}
