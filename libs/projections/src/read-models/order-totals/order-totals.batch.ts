import {
  type BudgetEvent, type CampaignEvent, type CartEvent, type CustomerEvent, type CustomerState, type EventCategory, type OrderEvent,
  type PriceEvent, type PriceState, type StoredEvent, streamCategory,
} from '@promo-ledger/domain';
import type { RecordedEvent, SqlQueryable } from '@promo-ledger/event-store';
import type { FoldedBatch, TableNames } from '../../engine/projection';
import type { OrderTotals } from './order-row';
import { campaignsMapping, cartsMapping, customersMapping, orderTotalsMapping, pricesMapping } from './order-totals.rows';
import { CAMPAIGNS, CARTS, CUSTOMERS, ORDER_TOTALS, PRICES } from './order-totals.tables';
import type { PlacementFacts } from './recompute-order';
import { StateRows, textArray } from './state-rows';
import type { CampaignWork, CartWork } from './working-state';

/** One event of the log as this read model sees it: its domain event and the id of what it is about. */
export type Routed =
  | { readonly category: 'cart'; readonly id: string; readonly event: CartEvent; readonly recorded: RecordedEvent }
  | { readonly category: 'order'; readonly id: string; readonly event: OrderEvent; readonly recorded: RecordedEvent }
  | { readonly category: 'campaign' | 'budget'; readonly id: string; readonly event: CampaignEvent | BudgetEvent; readonly recorded: RecordedEvent }
  | { readonly category: 'price'; readonly id: string; readonly event: PriceEvent; readonly recorded: RecordedEvent }
  | { readonly category: 'customer'; readonly id: string; readonly event: CustomerEvent; readonly recorded: RecordedEvent };

/** The events this read model reads, keyed by what they change; code, registry and monitor events are ignored. */
export function route(recorded: RecordedEvent): Routed | null {
  const category: EventCategory | null = streamCategory(recorded.streamId);
  const event = { type: recorded.type, data: recorded.data } as unknown as StoredEvent;
  const streamKey = recorded.streamId.slice(`${category}-`.length);
  switch (category) {
    case 'cart':
      return { category, id: streamKey, event: event as CartEvent, recorded };
    case 'order':
      return { category, id: streamKey, event: event as OrderEvent, recorded };
    case 'campaign':
      return { category, id: streamKey, event: event as CampaignEvent, recorded };
    case 'budget':
      return { category, id: (event as BudgetEvent).data.campaignId, event: event as BudgetEvent, recorded };
    case 'price':
      return { category, id: (event as PriceEvent).data.sku, event: event as PriceEvent, recorded };
    case 'customer':
      return { category, id: (event as CustomerEvent).data.customerId, event: event as CustomerEvent, recorded };
    case 'code':
    case 'registry':
    case 'monitor':
    case null:
      return null;
  }
}

/**
 * Every row a batch reads or writes, loaded up front with one query per table: first the order
 * rows and carts the events name, then — only for carts placed in this batch — the campaigns,
 * prices and customers their recomputation reads (plus those the batch's own events change).
 * Started from the previous batch, it takes the rows that batch changed from it (see StateRows),
 * and loads by predicate still see them: every row the previous batch changed is already held.
 */
export class OrderTotalsBatch implements PlacementFacts, FoldedBatch {
  readonly totals: StateRows<OrderTotals>;
  readonly carts: StateRows<CartWork>;
  readonly campaigns: StateRows<CampaignWork>;
  readonly prices: StateRows<PriceState>;
  readonly customers: StateRows<CustomerState>;
  private readonly cartOfOrder = new Map<string, string>();

  private constructor(table: TableNames, previous: OrderTotalsBatch | null) {
    this.totals = new StateRows(table(ORDER_TOTALS), orderTotalsMapping, previous?.totals);
    this.carts = new StateRows(table(CARTS), cartsMapping, previous?.carts);
    this.campaigns = new StateRows(table(CAMPAIGNS), campaignsMapping, previous?.campaigns);
    this.prices = new StateRows(table(PRICES), pricesMapping, previous?.prices);
    this.customers = new StateRows(table(CUSTOMERS), customersMapping, previous?.customers);
  }

  static async load(tx: SqlQueryable, table: TableNames, events: readonly Routed[], previous: OrderTotalsBatch | null): Promise<OrderTotalsBatch> {
    const batch = new OrderTotalsBatch(table, previous);
    const ids = (category: Routed['category']) => new Set(events.filter((routed) => routed.category === category).map((routed) => routed.id));
    const placements = events.flatMap((routed) => (routed.category === 'order' && routed.event.type === 'OrderPlaced' ? [routed.event.data] : []));
    const placedCarts = new Set(placements.map((placed) => placed.cartId));
    const cartIds = new Set([...ids('cart'), ...placedCarts]);
    const orderIds = ids('order');

    if (cartIds.size + orderIds.size > 0) {
      await batch.totals.loadWhere(tx, 'cart_id = ANY($1::text[]) OR order_id = ANY($2::text[])', [textArray([...cartIds]), textArray([...orderIds])]);
    }
    await batch.carts.loadKeys(tx, cartIds);
    for (const row of batch.totals.values()) if (row.order_id !== null) batch.cartOfOrder.set(row.order_id, row.cart_id);

    const campaignIds = new Set([...ids('campaign'), ...ids('budget')]);
    const skus = ids('price');
    for (const cartId of placedCarts) {
      const cart = batch.carts.get(cartId)?.cart;
      cart?.coupons.forEach((coupon) => campaignIds.add(coupon.campaignId));
      cart?.lines.forEach((line) => skus.add(line.sku));
    }
    for (const routed of events) {
      if (routed.category !== 'cart' || !placedCarts.has(routed.id)) continue;
      if (routed.event.type === 'CouponAttached') campaignIds.add(routed.event.data.campaignId);
      if (routed.event.type === 'ItemAdded') skus.add(routed.event.data.sku);
    }
    if (placements.length > 0) {
      await batch.campaigns.loadWhere(tx, `campaign_id = ANY($1::text[]) OR (automatic AND status = 'active')`, [textArray([...campaignIds])]);
    } else {
      await batch.campaigns.loadKeys(tx, campaignIds);
    }
    await batch.prices.loadKeys(tx, skus);
    await batch.customers.loadKeys(tx, new Set([...ids('customer'), ...placements.map((placed) => placed.customerId)]));
    return batch;
  }

  cartOf(orderId: string): string | undefined {
    return this.cartOfOrder.get(orderId);
  }

  linkOrder(orderId: string, cartId: string): void {
    this.cartOfOrder.set(orderId, cartId);
  }

  campaign(campaignId: string): CampaignWork | undefined {
    return this.campaigns.get(campaignId);
  }

  automaticCampaigns(): CampaignWork[] {
    return this.campaigns.values().filter(({ campaign }) => campaign.codes.type === 'none' && campaign.status === 'active');
  }

  price(sku: string): PriceState | undefined {
    return this.prices.get(sku);
  }

  customer(customerId: string): CustomerState | undefined {
    return this.customers.get(customerId);
  }

  async write(tx: SqlQueryable): Promise<void> {
    for (const rows of [this.totals, this.carts, this.campaigns, this.prices, this.customers]) await rows.save(tx);
  }
}
