import type { RecordedEvent, SqlQueryable } from '@promo-ledger/event-store';
import type { Projection, TableNames } from '../../engine/projection';
import { toInteger, toIsoInstantOrNull } from '../../engine/sql-values';
import { writeRows } from '../../engine/write-rows';
import { eventOf, idInStream, replaceColumns } from '../shared/event-facts';
import { textArray, textArrayParam } from '../shared/sql-filter';
import { explain, exposure, foldOrderMoney, ORDER_MONEY_EVENTS, type OrderMoney, resolution } from './mismatches.fold';

const ORDER_COLUMNS = [
  'order_id', 'customer_id', 'cart_id', 'currency', 'discounts', 'expected', 'charged', 'refunded', 'delta',
  'detected_at', 'detected_position', 'dispute_id', 'dispute_resolution', 'resolved_at',
] as const;
const MISMATCH_COLUMNS = [
  'order_id', 'customer_id', 'cart_id', 'campaign_ids', 'currency', 'expected', 'charged', 'delta', 'refunded', 'exposure',
  'detected_at', 'detected_position', 'status', 'resolved_at', 'resolution', 'explanation',
] as const;

/**
 * Every order whose charge differs from its expected total (DESIGN §4), with what is still owed to
 * the shopper. `mismatch_orders` keeps each placed order's money, so a charge in a later batch
 * knows the order's customer and campaigns; `mismatches` holds only the orders that mismatched.
 */
export const mismatchesProjection: Projection = {
  name: 'mismatches',
  version: 1,
  tables: [
    {
      name: 'mismatches',
      columns: `order_id text PRIMARY KEY, customer_id text, cart_id text, campaign_ids text[] NOT NULL, currency text NOT NULL,
        expected bigint NOT NULL, charged bigint NOT NULL, delta bigint NOT NULL, refunded bigint NOT NULL, exposure bigint NOT NULL,
        detected_at timestamptz NOT NULL, detected_position text NOT NULL, status text NOT NULL, resolved_at timestamptz, resolution text,
        explanation text NOT NULL`,
      indexes: ['detected_at, order_id', 'status, detected_at', 'customer_id'],
    },
    {
      name: 'mismatch_orders',
      columns: `order_id text PRIMARY KEY, customer_id text, cart_id text, currency text NOT NULL, discounts jsonb NOT NULL,
        expected bigint NOT NULL, charged bigint NOT NULL, refunded bigint NOT NULL, delta bigint NOT NULL,
        detected_at timestamptz, detected_position text, dispute_id text, dispute_resolution text, resolved_at timestamptz`,
    },
  ],

  async applyBatch({ events, tx, table }) {
    const orderEvents = events.filter((event) => eventOf(event, ORDER_MONEY_EVENTS) !== null && event.streamId.startsWith('order-'));
    if (orderEvents.length === 0) return;
    const orders = await loadOrders(tx, table, orderEvents);
    const touched = new Set<string>();
    for (const event of orderEvents) {
      const orderId = idInStream(event.streamId, 'order');
      const before = orders.get(orderId);
      const after = foldOrderMoney(before, event);
      if (after === undefined || after === before) continue;
      orders.set(orderId, after);
      touched.add(orderId);
    }
    const changed = [...touched].map((orderId) => orders.get(orderId) as OrderMoney);
    await writeRows(tx, table('mismatch_orders'), changed, `(order_id) DO UPDATE SET ${replaceColumns(ORDER_COLUMNS, ['order_id'])}`);
    const mismatches = changed.filter((order) => order.detected_at !== null).map(mismatchRow);
    await writeRows(tx, table('mismatches'), mismatches, `(order_id) DO UPDATE SET ${replaceColumns(MISMATCH_COLUMNS, ['order_id'])}`);
  },
};

function mismatchRow(order: OrderMoney): Record<(typeof MISMATCH_COLUMNS)[number], unknown> {
  const resolvedBy = resolution(order);
  return {
    order_id: order.order_id, customer_id: order.customer_id, cart_id: order.cart_id,
    campaign_ids: [...new Set(order.discounts.map((discount) => discount.campaignId))],
    currency: order.currency, expected: order.expected, charged: order.charged, delta: order.delta, refunded: order.refunded,
    exposure: exposure(order).amount, detected_at: order.detected_at, detected_position: order.detected_position,
    status: resolvedBy === null ? 'open' : 'resolved', resolved_at: order.resolved_at, resolution: resolvedBy, explanation: explain(order),
  };
}

/** The orders the batch's charges, refunds and disputes refer to, unless the batch placed them itself. */
async function loadOrders(tx: SqlQueryable, table: TableNames, events: readonly RecordedEvent[]): Promise<Map<string, OrderMoney>> {
  const placed = new Set<string>();
  const wanted = new Set<string>();
  for (const event of events) {
    const orderId = idInStream(event.streamId, 'order');
    if (event.type === 'OrderPlaced') placed.add(orderId);
    else if (!placed.has(orderId)) wanted.add(orderId);
  }
  if (wanted.size === 0) return new Map();
  const rows = await tx.query<OrderMoney>(`SELECT * FROM ${table('mismatch_orders')} WHERE order_id = ANY(${textArray('$1')})`, [textArrayParam(wanted)]);
  return new Map(
    rows.map((row) => [
      row.order_id,
      {
        ...row,
        expected: toInteger(row.expected), charged: toInteger(row.charged), refunded: toInteger(row.refunded), delta: toInteger(row.delta),
        detected_at: toIsoInstantOrNull(row.detected_at), resolved_at: toIsoInstantOrNull(row.resolved_at),
      },
    ]),
  );
}
