import type { INestApplication } from '@nestjs/common';
import { budgetStream, campaignRegistryStream, campaignStream, cartStream, customerStream, priceStream } from '@promo-ledger/domain';
import { EventStore, type StreamReadRequest } from '@promo-ledger/event-store';
import request from 'supertest';
import { e2eStores } from '../../../../test/support/e2e-storage';
import { amountOffOrderCampaign } from '../../../../test/support/campaign-bodies';
import { type E2eLedger, startE2eLedger } from '../../../../test/support/e2e-ledger';

const KEYS = { checkout: 'checkout-key-round-trips-0123456789', pricing: 'pricing-key-round-trips-0123456789', marketing: 'marketing-key-round-trips-012345' };

/**
 * The store round trips a cart command costs once this process holds the cart (it opened it): the
 * cart is decided on as held (its append proves it current), and everything its decision looks up —
 * the registry, the prices, the customer and the campaigns its codes point at — travels in one
 * batched read. Counted at the store's readStreams, which every stream read goes through.
 */
describe.each(e2eStores())('round trips of a cart command on %s', (store) => {
  let ledger: E2eLedger;
  let counter = 0;
  let reads: string[][] = [];
  const http = (app: INestApplication) => request(app.getHttpServer());
  const as = (role: keyof typeof KEYS) => ({ Authorization: `Bearer ${KEYS[role]}`, 'Idempotency-Key': `round-trip-${(counter += 1)}` });

  beforeAll(async () => {
    ledger = await startE2eLedger(store, Object.entries(KEYS).map(([role, key]) => `${role}=${key}`).join(','));
    const events = ledger.app.get(EventStore);
    const readStreams = events.readStreams.bind(events);
    // the same store object StreamRunner batches its reads into: record what each batch asked for
    events.readStreams = (requests: readonly StreamReadRequest[]) => {
      reads.push(requests.map(({ streamId }) => streamId));
      return readStreams(requests);
    };
    await http(ledger.app).put('/v1/prices/MUG-1').set(as('pricing')).send({ price: { amount: 2500, currency: 'USD' }, category: 'kitchen' }).expect(201);
    await http(ledger.app).post('/v1/campaigns').set(as('marketing')).send(amountOffOrderCampaign('trips', 'TRIPS', 500)).expect(201);
    await http(ledger.app).post('/v1/campaigns/trips/activate').set(as('marketing')).expect(200);
  });
  afterAll(() => ledger.close());

  /** The batches that read any of the streams a command on this cart looks at. */
  const batchesFor = (cartId: string, customerId: string): string[][] => {
    const mine = new Set([cartStream(cartId), customerStream(customerId), priceStream('MUG-1'), campaignRegistryStream(), campaignStream('trips'), budgetStream('trips')]);
    return reads.filter((batch) => batch.some((streamId) => mine.has(streamId)));
  };

  it('AddItem, AttachCoupon and IssueQuote each read once, everything they look up in that one batch', async () => {
    const customerId = `trips-${store}`;
    const cartId = (await http(ledger.app).post('/v1/carts').set(as('checkout')).send({ customerId, currency: 'USD' }).expect(201)).body.cartId as string;
    const steps: [string, () => Promise<unknown>, string[]][] = [
      ['add', () => http(ledger.app).post(`/v1/carts/${cartId}/items`).set(as('checkout')).send({ sku: 'MUG-1', quantity: 1 }).expect(200), [priceStream('MUG-1'), customerStream(customerId)]],
      ['coupon', () => http(ledger.app).post(`/v1/carts/${cartId}/coupons`).set(as('checkout')).send({ code: 'TRIPS' }).expect(200), [campaignStream('trips'), budgetStream('trips')]],
      ['quote', () => http(ledger.app).post(`/v1/carts/${cartId}/quote`).set(as('checkout')).send().expect(201), [priceStream('MUG-1'), campaignStream('trips'), budgetStream('trips')]],
    ];
    for (const [step, send, lookedUp] of steps) {
      reads = [];
      await send();
      const batches = batchesFor(cartId, customerId);
      expect({ step, batches: batches.length }).toEqual({ step, batches: 1 });
      expect(batches[0]).toEqual(expect.arrayContaining([campaignRegistryStream(), ...lookedUp]));
      expect(batches[0]).not.toContain(cartStream(cartId));
    }
  });
});
