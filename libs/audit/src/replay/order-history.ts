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
  // After the order, one query reads the cart with every stream the order names; a second only when
  // the cart names a sku or campaign that never reached the order (a removed sku, a code that did not apply).
  const fromOrder = dependenciesOf([], placed);
  const withCart = await readNamed(store, [
    cartStream(placed.cartId), campaignRegistryStream(), customerStream(placed.customerId),
    ...[...fromOrder.skus].map(priceStream), ...[...fromOrder.campaignIds].map(campaignStream),
  ]);
  const cart = withCart.get(cartStream(placed.cartId)) ?? [];
  const registry = before(withCart.get(campaignRegistryStream()) ?? [], cutOff);
  const customer = withCart.get(customerStream(placed.customerId)) ?? [];
  const { campaignIds, skus } = dependenciesOf(cart, placed);
  const automatic = automaticCampaigns(registry);
  const moreSkus = [...skus].filter((sku) => !fromOrder.skus.has(sku));
  const moreCampaignIds = [...campaignIds, ...automatic].filter((campaignId) => !fromOrder.campaignIds.has(campaignId));
  const cartOnly = await readNamed(store, [...moreSkus.map(priceStream), ...moreCampaignIds.map(campaignStream)]);
  const orderPrices = [...fromOrder.skus].map((sku) => withCart.get(priceStream(sku)) ?? []);
  const morePrices = moreSkus.map((sku) => cartOnly.get(priceStream(sku)) ?? []);
  const orderCampaigns = campaignsIn(withCart, fromOrder.campaignIds);
  const moreCampaigns = campaignsIn(cartOnly, moreCampaignIds);
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

/** Every named stream in one readStreams call (none when there is nothing to read), by stream id. */
async function readNamed(store: EventStore, streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
  const unique = [...new Set(streamIds)];
  if (unique.length === 0) return new Map();
  const answers = await store.readStreams(unique.map((streamId) => ({ streamId })));
  return new Map(unique.map((streamId, at) => [streamId, answers[at]] as const));
}

/** The campaigns' streams, sorted by id; a campaign that does not exist is left out. */
function campaignsIn(streams: ReadonlyMap<string, RecordedEvent[]>, campaignIds: Iterable<string>): Map<string, readonly RecordedEvent[]> {
  const ids = [...campaignIds].sort();
  return new Map(ids.map((campaignId) => [campaignId, streams.get(campaignStream(campaignId)) ?? []] as const).filter(([, events]) => events.length > 0));
}

function automaticCampaigns(registry: readonly RecordedEvent[]): string[] {
  return registry.reduce((state, recorded) => evolveRegistry(state, domainEvent(recorded) as never), initialRegistryState()).automatic.slice();
}

const before = (events: readonly RecordedEvent[], cutOff: Position): RecordedEvent[] =>
  events.filter((event) => comparePositions(event.position, cutOff) <= 0);
