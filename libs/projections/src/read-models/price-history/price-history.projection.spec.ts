import type { RecordedEvent } from '@promo-ledger/event-store';
import { fixtureTargets, type GivenEvent, on, ProjectionFixture } from '../../testing/projection-fixture';
import { at, priceSet, usd } from '../testing/checkout-events';
import { priceHistoryProjection } from './price-history.projection';
import { type PriceHistoryItem, priceHistory } from './price-history.query';

const story: GivenEvent[] = [
  ...on('price-DRESS-1', at(0), priceSet('DRESS-1', usd(12900), 'fashion-apparel', at(0), 'launch price', at(0))),
  ...on('price-TEE-1', at(1), priceSet('TEE-1', usd(2500), 'fashion-apparel', at(1), 'launch price', at(1))),
  ...on('price-DRESS-1', at(5), priceSet('DRESS-1', usd(11900), 'fashion-apparel', at(30), 'spring sale from 10:30', at(5))),
  ...on('price-DRESS-1', at(40), priceSet('DRESS-1', usd(12900), 'fashion-apparel', at(40), 'sale over', at(40))),
];

const setBy = { keyId: 'test', role: 'checkout' };
const dressHistory: PriceHistoryItem[] = [
  { price: usd(12900), category: 'fashion-apparel', effectiveAt: at(40), reason: 'sale over', setAt: at(40), version: 3, setBy, position: '4/4' },
  { price: usd(11900), category: 'fashion-apparel', effectiveAt: at(30), reason: 'spring sale from 10:30', setAt: at(5), version: 2, setBy, position: '3/3' },
  { price: usd(12900), category: 'fashion-apparel', effectiveAt: at(0), reason: 'launch price', setAt: at(0), version: 1, setBy, position: '1/1' },
];

describe.each(fixtureTargets())('price_history read model on %s', (target) => {
  let oneBatch: ProjectionFixture;
  let eventByEvent: ProjectionFixture;
  let recorded: RecordedEvent[];

  beforeAll(async () => {
    oneBatch = await ProjectionFixture.open(priceHistoryProjection, target);
    eventByEvent = await ProjectionFixture.open(priceHistoryProjection, target);
    recorded = await oneBatch.given(...story);
    for (const event of story) await eventByEvent.given(event);
  });
  afterAll(async () => {
    await oneBatch?.close();
    await eventByEvent?.close();
  });

  it('lists every price set for a sku, newest first, with who set it and the version quotes cite', async () => {
    expect(await priceHistory(oneBatch.db, oneBatch.schema, 'DRESS-1')).toEqual({ sku: 'DRESS-1', items: dressHistory, nextCursor: null });
    expect((await priceHistory(oneBatch.db, oneBatch.schema, 'TEE-1')).items.map((item) => item.price)).toEqual([usd(2500)]);
    expect(await priceHistory(oneBatch.db, oneBatch.schema, 'HAT-1')).toEqual({ sku: 'HAT-1', items: [], nextCursor: null });
  });

  it('pages with a cursor', async () => {
    const first = await priceHistory(oneBatch.db, oneBatch.schema, 'DRESS-1', { limit: 2 });
    expect(first.items).toEqual(dressHistory.slice(0, 2));
    expect(await priceHistory(oneBatch.db, oneBatch.schema, 'DRESS-1', { limit: 2, cursor: first.nextCursor ?? '' })).toEqual({
      sku: 'DRESS-1', items: dressHistory.slice(2), nextCursor: null,
    });
  });

  it('answers the same whether the events came in one batch or one per batch, and a redelivered batch adds nothing', async () => {
    expect(await priceHistory(eventByEvent.db, eventByEvent.schema, 'DRESS-1')).toEqual(await priceHistory(oneBatch.db, oneBatch.schema, 'DRESS-1'));
    await oneBatch.apply(recorded);
    expect(await oneBatch.rows('price_history')).toHaveLength(4);
  });

  it('keeps a price set without an actor (an import) with setBy null', async () => {
    const imported: RecordedEvent = {
      ...recorded[1], revision: 1n, position: { commit: 9n, prepare: 9n },
      data: { ...recorded[1].data, price: { amount: 2200, currency: 'USD' }, reason: 'imported' }, metadata: { ...recorded[1].metadata, actor: null },
    };
    await oneBatch.apply([imported]);
    expect((await priceHistory(oneBatch.db, oneBatch.schema, 'TEE-1')).items[0]).toMatchObject({ price: usd(2200), version: 2, setBy: null, position: '9/9' });
  });
});
