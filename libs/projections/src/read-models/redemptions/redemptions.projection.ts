import type { RecordedEvent, SqlQueryable } from '@promo-ledger/event-store';
import type { Projection, TableNames } from '../../engine/projection';
import { toInteger, toIsoInstant } from '../../engine/sql-values';
import { writeRows } from '../../engine/write-rows';
import { eventOf, idInStream, replaceColumns } from '../shared/event-facts';
import { textArray, textArrayParam } from '../shared/sql-filter';
import { REDEMPTION_EVENTS, RedemptionBook, type RedemptionRow } from './redemptions.fold';

const COLUMNS = [
  'id', 'cart_id', 'customer_id', 'order_id', 'campaign_id', 'code', 'status', 'reason', 'explanation', 'note',
  'discount_amount', 'discount_currency', 'attempted_at', 'updated_at',
] as const;

/**
 * Every coupon attempt and its fate (see RedemptionStatus), plus the automatic discounts an order
 * carried (code null), for support: "what happened to SPRING40 for this customer, and why".
 * `redemption_carts` remembers each cart's customer, since the cart's coupon events do not carry it.
 */
export const redemptionsProjection: Projection = {
  name: 'redemptions',
  version: 1,
  tables: [
    {
      name: 'redemptions',
      columns: `id text PRIMARY KEY, cart_id text, customer_id text, order_id text, campaign_id text, code text,
        status text NOT NULL, reason text, explanation text, note text, discount_amount bigint, discount_currency text,
        attempted_at timestamptz NOT NULL, updated_at timestamptz NOT NULL`,
      indexes: ['attempted_at, id', 'customer_id, attempted_at', 'code, attempted_at', 'campaign_id, attempted_at', 'order_id', 'cart_id'],
    },
    { name: 'redemption_carts', columns: 'cart_id text PRIMARY KEY, customer_id text NOT NULL' },
  ],

  async applyBatch({ events, tx, table }) {
    const needs = keysNeeded(events);
    if (needs === null) return;
    const existing = await loadAttempts(tx, table, needs);
    const customers = await loadCustomers(tx, table, needs.customersOf);
    const book = new RedemptionBook(existing, customers);
    for (const event of events) book.apply(event);
    await writeRows(tx, table('redemption_carts'), book.openedCarts, '(cart_id) DO NOTHING');
    await writeRows(tx, table('redemptions'), book.changedRows, `(id) DO UPDATE SET ${replaceColumns(COLUMNS, ['id'])}`);
  },
};

interface KeysNeeded {
  /** Carts whose earlier attempts the batch may change. */
  readonly attemptsOf: Set<string>;
  /** Orders whose earlier attempts the batch may change. */
  readonly attemptsOfOrders: Set<string>;
  /** Carts whose customer a new attempt needs. */
  readonly customersOf: Set<string>;
}

/** What the batch must read first; carts opened and orders placed within the batch start empty, so they are not read. */
function keysNeeded(events: readonly RecordedEvent[]): KeysNeeded | null {
  const opened = new Set<string>();
  const placed = new Set<string>();
  const needs: KeysNeeded = { attemptsOf: new Set(), attemptsOfOrders: new Set(), customersOf: new Set() };
  let relevant = false;
  for (const event of events) {
    const stored = eventOf(event, REDEMPTION_EVENTS);
    if (stored === null) continue;
    const cartId = idInStream(event.streamId, 'cart');
    relevant = true;
    switch (stored.type) {
      case 'CartOpened':
        opened.add(stored.data.cartId);
        break;
      case 'CouponAttached':
      case 'CouponRejected':
        if (!opened.has(cartId)) needs.customersOf.add(cartId);
        break;
      case 'CouponDetached':
      case 'QuoteIssued':
        if (stored.type === 'QuoteIssued' && stored.data.coupons.length === 0) break;
        if (!opened.has(cartId)) needs.attemptsOf.add(cartId);
        break;
      case 'OrderPlaced':
        placed.add(stored.data.orderId);
        if (!opened.has(stored.data.cartId)) needs.attemptsOf.add(stored.data.cartId);
        break;
      case 'RedemptionConfirmed':
      case 'RedemptionReleased':
      case 'OrderCancelled': {
        const orderId = stored.type === 'OrderCancelled' ? idInStream(event.streamId, 'order') : stored.data.orderId;
        if (!placed.has(orderId)) needs.attemptsOfOrders.add(orderId);
        break;
      }
    }
  }
  return relevant ? needs : null;
}

async function loadAttempts(tx: SqlQueryable, table: TableNames, needs: KeysNeeded): Promise<RedemptionRow[]> {
  if (needs.attemptsOf.size === 0 && needs.attemptsOfOrders.size === 0) return [];
  const rows = await tx.query<RedemptionRow>(
    `SELECT * FROM ${table('redemptions')} WHERE cart_id = ANY(${textArray('$1')}) OR order_id = ANY(${textArray('$2')}) ORDER BY id`,
    [textArrayParam(needs.attemptsOf), textArrayParam(needs.attemptsOfOrders)],
  );
  return rows.map((row) => ({
    ...row,
    discount_amount: row.discount_amount === null ? null : toInteger(row.discount_amount),
    attempted_at: toIsoInstant(row.attempted_at),
    updated_at: toIsoInstant(row.updated_at),
  }));
}

async function loadCustomers(tx: SqlQueryable, table: TableNames, cartIds: ReadonlySet<string>): Promise<Map<string, string>> {
  if (cartIds.size === 0) return new Map();
  const rows = await tx.query<{ cart_id: string; customer_id: string }>(
    `SELECT cart_id, customer_id FROM ${table('redemption_carts')} WHERE cart_id = ANY(${textArray('$1')})`,
    [textArrayParam(cartIds)],
  );
  return new Map(rows.map((row) => [row.cart_id, row.customer_id]));
}
