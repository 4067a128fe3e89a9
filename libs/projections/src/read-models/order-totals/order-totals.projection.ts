import type { FoldedBatch, Projection, ProjectionBatch } from '../../engine/projection';
import { OrderTotalsBatch, route, type Routed } from './order-totals.batch';
import { orderTotalsTables } from './order-totals.tables';
import { placedRow, rowAfterCartEvent, rowAfterOrderEvent } from './order-row';
import { recomputeOrder } from './recompute-order';
import { foldBudget, foldCampaign, foldCart, foldCustomer, foldPrice } from './working-state';

/**
 * Discounted totals per cart and order (DESIGN §6): subtotal, discounts per campaign with their
 * terms versions, quoted, expected, charged and delta. The expected total is recomputed when the
 * order is placed, from the cart's events and the campaign, price and customer events in force then,
 * with the same pure pricing function as checkout — not copied from OrderPlaced — and a difference
 * from the total the order recorded is flagged as an internal inconsistency.
 */
export const orderTotalsProjection: Projection = {
  name: 'order_totals',
  // 2: the index on log order (ORDER_TOTALS_LOG_ORDER)
  version: 2,
  tables: orderTotalsTables,
  async applyBatch(batch: ProjectionBatch): Promise<void> {
    await (await foldBatch(batch, null)).write(batch.tx);
  },
  foldBatch: (batch: ProjectionBatch, previous: FoldedBatch | null): Promise<FoldedBatch> => {
    if (previous !== null && !(previous instanceof OrderTotalsBatch)) throw new Error('order_totals folds a batch only after one of its own');
    return foldBatch(batch, previous);
  },
};

/** Loads what the batch's events touch (taking what `previous` changed from it) and folds them in log order. */
async function foldBatch({ events, tx, table }: ProjectionBatch, previous: OrderTotalsBatch | null): Promise<OrderTotalsBatch> {
  const routed = events.map(route).filter((event): event is Routed => event !== null);
  const batch = await OrderTotalsBatch.load(tx, table, routed, previous);
  for (const event of routed) apply(batch, event);
  return batch;
}

/** Folds one event, in log order, into the rows it changes. */
function apply(batch: OrderTotalsBatch, routed: Routed): void {
  const { position, metadata } = routed.recorded;
  const at = metadata.occurredAt;
  switch (routed.category) {
    case 'cart': {
      const { id: cartId, event } = routed;
      // The totals row outlives the cart's working state (dropped once done), so it tells what was applied.
      if (batch.totals.includes(cartId, position)) return;
      batch.carts.update(cartId, position, (work) => foldCart(work, event));
      const work = batch.carts.get(cartId);
      if (work === undefined) return;
      batch.totals.update(cartId, position, (row) => rowAfterCartEvent(row, work, event, at));
      if (work.cart.orderId !== null) batch.linkOrder(work.cart.orderId, cartId);
      if (work.cart.status === 'abandoned') batch.carts.remove(cartId);
      return;
    }
    case 'order': {
      const { event } = routed;
      if (event.type === 'OrderPlaced') {
        const placed = event.data;
        batch.linkOrder(placed.orderId, placed.cartId);
        const work = batch.carts.get(placed.cartId);
        // Recomputed only when the row takes the event (not on a redelivered one), since pricing is the costly step.
        batch.totals.update(placed.cartId, position, (row) => placedRow(row, work, placed, recomputeOrder(work?.cart, placed, batch), at));
        // A placed cart never changes again and nothing else reads its working state: only open carts are kept.
        batch.carts.remove(placed.cartId);
        return;
      }
      const cartId = batch.cartOf(routed.id);
      // An order event with no OrderPlaced before it has no totals to change.
      if (cartId !== undefined) batch.totals.update(cartId, position, (row) => (row === undefined ? undefined : rowAfterOrderEvent(row, event, at)));
      return;
    }
    case 'campaign':
    case 'budget': {
      const { event } = routed;
      batch.campaigns.update(routed.id, position, (work) =>
        event.type === 'RedemptionReserved' || event.type === 'RedemptionConfirmed' || event.type === 'RedemptionReleased' ? foldBudget(work, event) : foldCampaign(work, event),
      );
      return;
    }
    case 'price': {
      const { event } = routed;
      batch.prices.update(routed.id, position, (state) => foldPrice(state, event));
      return;
    }
    case 'customer': {
      const { event } = routed;
      batch.customers.update(routed.id, position, (state) => foldCustomer(state, event));
      return;
    }
    default: {
      const unexpected: never = routed;
      throw new Error(`unrouted event ${JSON.stringify(unexpected)}`);
    }
  }
}
