import {
  campaignRegistryStream, campaignStream, cartStream, customerStream, evolveRegistry, initialRegistryState, orderStream, type OrderPlaced,
  priceStream, type StoredEvent,
} from '@promo-ledger/domain';
import { comparePositions, type EventStore, type Position, type RecordedEvent } from '@promo-ledger/event-store';

/**
 * Everything a replay of one order reads, in one place: the order and cart streams, the campaign
 * and price streams the order depends on, and two lookups that are not steps of their own (the
 * campaign registry, for automatic campaigns, and the customer's history, for first-order and
 * per-customer rules). Budget streams are not read: they hold every redemption of a campaign and
 * would make one order's replay as slow as the campaign is popular (see `replayOrder`).
 */
export interface OrderHistory {
  readonly orderId: string;
  readonly placed: OrderPlaced['data'];
  /** The campaigns the cart's codes, its quotes and the order name (automatic ones excluded), sorted. */
  readonly campaignIds: readonly string[];
  /** Order, cart, campaign and price events up to the order's last event, in global log order. */
  readonly steps: readonly RecordedEvent[];
  /** Each campaign's whole stream (later revisions included), for what-if terms. */
  readonly campaignStreams: ReadonlyMap<string, readonly RecordedEvent[]>;
  readonly registry: readonly RecordedEvent[];
  readonly customer: readonly RecordedEvent[];
}

export const domainEvent = (recorded: RecordedEvent): StoredEvent => ({ type: recorded.type, data: recorded.data }) as unknown as StoredEvent;

/** null when the store has no placed order with this id. */
export async function loadOrderHistory(store: EventStore, orderId: string): Promise<OrderHistory | null> {
  const order = await store.readStream(orderStream(orderId));
  const first = order[0] === undefined ? undefined : domainEvent(order[0]);
  if (first?.type !== 'OrderPlaced') return null;
  const placed = first.data;
  const cutOff = order[order.length - 1].position;
  // Two round trips: what the order itself names is read with the cart; the cart adds only what
  // never reached the order (a removed sku, a code that did not apply).
  const fromOrder = dependenciesOf([], placed);
  const [cart, registry, customer, orderPrices, orderCampaigns] = await Promise.all([
    store.readStream(cartStream(placed.cartId)),
    store.readStream(campaignRegistryStream()).then((events) => before(events, cutOff)),
    store.readStream(customerStream(placed.customerId)),
    readPrices(store, fromOrder.skus),
    readCampaigns(store, fromOrder.campaignIds),
  ]);
  const { campaignIds, skus } = dependenciesOf(cart, placed);
  const automatic = automaticCampaigns(registry);
  const [morePrices, moreCampaigns] = await Promise.all([
    readPrices(store, [...skus].filter((sku) => !fromOrder.skus.has(sku))),
    readCampaigns(store, [...campaignIds, ...automatic].filter((campaignId) => !fromOrder.campaignIds.has(campaignId))),
  ]);
  const named = new Map([...orderCampaigns, ...moreCampaigns].filter(([campaignId]) => campaignIds.has(campaignId)));
  const campaignStreams = new Map([...orderCampaigns, ...moreCampaigns]);
  const prices = [...orderPrices, ...morePrices];

  const dependencies = [...campaignStreams.values(), ...prices].flatMap((events) => before(events, cutOff));
  const steps = [...order, ...cart, ...dependencies].sort((left, right) => comparePositions(left.position, right.position));
  return { orderId, placed, campaignIds: [...named.keys()].sort(), steps, campaignStreams, registry, customer };
}

/** Campaigns named by the cart's coupons, its quotes and the order; skus of every line ever in the cart. */
function dependenciesOf(cart: readonly RecordedEvent[], placed: OrderPlaced['data']): { campaignIds: Set<string>; skus: Set<string> } {
  const campaignIds = new Set<string>([...Object.keys(placed.campaignVersions), ...placed.discounts.map((discount) => discount.campaignId)]);
  const skus = new Set<string>(placed.lines.map((line) => line.sku));
  for (const recorded of cart) {
    const event = domainEvent(recorded);
    if (event.type === 'ItemAdded') skus.add(event.data.sku);
    if (event.type === 'CouponAttached' || event.type === 'CouponDetached') campaignIds.add(event.data.campaignId);
    if (event.type === 'CouponRejected' && event.data.campaignId !== null) campaignIds.add(event.data.campaignId);
    if (event.type === 'QuoteIssued') Object.keys(event.data.campaignVersions).forEach((campaignId) => campaignIds.add(campaignId));
  }
  return { campaignIds, skus };
}

function readPrices(store: EventStore, skus: Iterable<string>): Promise<RecordedEvent[][]> {
  return Promise.all([...skus].map((sku) => store.readStream(priceStream(sku))));
}

async function readCampaigns(store: EventStore, campaignIds: Iterable<string>): Promise<Map<string, readonly RecordedEvent[]>> {
  const ids = [...campaignIds].sort();
  const streams = await Promise.all(ids.map((campaignId) => store.readStream(campaignStream(campaignId))));
  return new Map(ids.map((campaignId, at) => [campaignId, streams[at]] as const).filter(([, events]) => events.length > 0));
}

function automaticCampaigns(registry: readonly RecordedEvent[]): string[] {
  return registry.reduce((state, recorded) => evolveRegistry(state, domainEvent(recorded) as never), initialRegistryState()).automatic.slice();
}

const before = (events: readonly RecordedEvent[], cutOff: Position): RecordedEvent[] =>
  events.filter((event) => comparePositions(event.position, cutOff) <= 0);
