import type { INestApplication } from '@nestjs/common';
import { type BudgetEvent, budgetStream, cartStream, orderStream } from '@promo-ledger/domain';
import { EventStore } from '@promo-ledger/event-store';
import request from 'supertest';
import { e2eStores } from '../../../../test/support/e2e-storage';
import { amountOffOrderCampaign } from '../../../../test/support/campaign-bodies';
import { startE2eReplicas } from '../../../../test/support/e2e-ledger';

/**
 * Two ledger-api replicas on one PostgreSQL database (DESIGN §3: stateless replicas), each with its
 * own pool, caches, turns and projections, requests spread over both: a limit still holds exactly,
 * every refusal is the limit's (none a collision of the replicas' budget appends), and a retry sent
 * to the other replica has one effect. Both run in this one process, so their turns interleave less
 * than two processes' would; stream-runner-replicas.int.spec.ts drives the collisions themselves.
 * PGlite is one process by nature, so this runs on PostgreSQL only.
 */
const KEYS = { checkout: 'checkout-key-0123456789abcdef', pricing: 'pricing-key-0123456789abcdef', marketing: 'marketing-key-0123456789abcdef' };
const onPostgres = e2eStores().includes('postgres');

(onPostgres ? describe : describe.skip)('two replicas on postgres', () => {
  let apps: readonly INestApplication[];
  let close: () => Promise<void>;
  let counter = 0;
  /** The replica answering request `index`: alternately one and the other. */
  const http = (index: number) => request(apps[index % apps.length].getHttpServer());
  const as = (role: keyof typeof KEYS, key = `replica-key-${(counter += 1)}`) => ({ Authorization: `Bearer ${KEYS[role]}`, 'Idempotency-Key': key });

  /** A cart for `customerId` with one item and `code`, quoted, each step on the replica `via`. */
  async function quotedCart(customerId: string, code: string, via: number): Promise<{ cartId: string; quoteId: string }> {
    const cartId = (await http(via).post('/v1/carts').set(as('checkout')).send({ customerId, currency: 'USD' }).expect(201)).body.cartId as string;
    await http(via + 1).post(`/v1/carts/${cartId}/items`).set(as('checkout')).send({ sku: 'MUG-1', quantity: 1 }).expect(200);
    await http(via).post(`/v1/carts/${cartId}/coupons`).set(as('checkout')).send({ code }).expect(200);
    const quoteId = (await http(via + 1).post(`/v1/carts/${cartId}/quote`).set(as('checkout')).send().expect(201)).body.quoteId as string;
    return { cartId, quoteId };
  }

  beforeAll(async () => {
    ({ apps, close } = await startE2eReplicas(2, Object.entries(KEYS).map(([role, key]) => `${role}=${key}`).join(',')));
    await http(0).put('/v1/prices/MUG-1').set(as('pricing')).send({ price: { amount: 2500, currency: 'USD' }, category: 'kitchen' }).expect(201);
    for (const [id, code, limits] of [['forty', 'FORTY', { maxRedemptions: 40 }], ['open', 'OPEN', {}]] as const) {
      await http(1).post('/v1/campaigns').set(as('marketing')).send(amountOffOrderCampaign(id, code, 1000, limits)).expect(201);
      await http(0).post(`/v1/campaigns/${id}/activate`).set(as('marketing')).expect(200);
    }
  }, 60_000);
  afterAll(() => close());

  it('maxRedemptions 40, 160 customers checking out at once on both replicas: exactly 40 discounted orders, the rest 409 BUDGET_EXHAUSTED', async () => {
    const carts: { cartId: string; quoteId: string }[] = [];
    for (let start = 0; start < 160; start += 16) {
      carts.push(...(await Promise.all(Array.from({ length: 16 }, (_, offset) => quotedCart(`replica-racer-${start + offset}`, 'FORTY', start + offset)))));
    }
    const responses = await Promise.all(carts.map(({ cartId, quoteId }, index) => http(index).post(`/v1/carts/${cartId}/checkout`).set(as('checkout')).send({ quoteId })));
    const placed = responses.filter((response) => response.status === 201);
    const refused = responses.filter((response) => response.status !== 201).map((response) => `${response.status} ${JSON.parse(response.text).code}`);
    expect(placed).toHaveLength(40);
    for (const response of placed) expect(response.body.discounts).toEqual([expect.objectContaining({ campaignId: 'forty' })]);
    expect(new Set(refused)).toEqual(new Set(['409 BUDGET_EXHAUSTED']));
    const [last] = await apps[0].get(EventStore).readStream(budgetStream('forty'), { direction: 'backwards', maxCount: 1 });
    expect((last.data as unknown as BudgetEvent['data']).totals.redemptions).toBe(40);
  }, 180_000);

  it('a cart quoted on one replica checks out on the other, whose fold of the cart predates the quote', async () => {
    // replica 0 opened the cart and attached the code, replica 1 added the item and quoted: 0 holds the cart without the quote
    const { cartId, quoteId } = await quotedCart('replica-behind', 'OPEN', 0);
    const placed = await http(0).post(`/v1/carts/${cartId}/checkout`).set(as('checkout')).send({ quoteId }).expect(201);
    expect(placed.body).toMatchObject({ cartId, discounts: [expect.objectContaining({ campaignId: 'open' })] });
  }, 60_000);

  it('a code for a campaign the other replica created after this one last read the registry applies at once', async () => {
    const cartId = (await http(0).post('/v1/carts').set(as('checkout')).send({ customerId: 'replica-late-code', currency: 'USD' }).expect(201)).body.cartId as string;
    await http(0).post(`/v1/carts/${cartId}/items`).set(as('checkout')).send({ sku: 'MUG-1', quantity: 1 }).expect(200);
    await http(0).post(`/v1/carts/${cartId}/coupons`).set(as('checkout')).send({ code: 'OPEN' }).expect(200); // replica 0 holds the registry as it was
    await http(1).post('/v1/campaigns').set(as('marketing')).send(amountOffOrderCampaign('late', 'LATE', 1500)).expect(201);
    await http(1).post('/v1/campaigns/late/activate').set(as('marketing')).expect(200);
    const attached = await http(0).post(`/v1/carts/${cartId}/coupons`).set(as('checkout')).send({ code: 'LATE' }).expect(200);
    // exclusive both: the larger one applies, which only a replica that read the new campaign can know
    expect(attached.body.discounts).toEqual([expect.objectContaining({ campaignId: 'late' })]);
  }, 60_000);

  it('one checkout sent with the same Idempotency-Key to both replicas at once: one order, the same answer twice', async () => {
    const { cartId, quoteId } = await quotedCart('replica-retrier', 'OPEN', 0);
    const key = `replica-checkout-${cartId}`;
    const [first, second] = await Promise.all([0, 1].map((via) => http(via).post(`/v1/carts/${cartId}/checkout`).set(as('checkout', key)).send({ quoteId })));
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.text).toBe(first.text);
    expect([first, second].filter((response) => response.headers['idempotent-replayed'] === 'true')).toHaveLength(1);
    const order = await apps[1].get(EventStore).readStream(orderStream(first.body.orderId as string));
    expect(order.filter((event) => event.type === 'OrderPlaced')).toHaveLength(1);
    const cart = await apps[0].get(EventStore).readStream(cartStream(cartId));
    expect(cart.filter((event) => event.type === 'CartCheckedOut')).toHaveLength(1);
  }, 60_000);
});
