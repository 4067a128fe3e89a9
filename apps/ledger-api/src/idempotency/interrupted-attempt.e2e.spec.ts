import { createHash } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { cartStream } from '@promo-ledger/domain';
import { canonicalJson, EventStore, type SqlExecutor } from '@promo-ledger/event-store';
import request from 'supertest';
import { e2eStores } from '../../../../test/support/e2e-storage';
import { type E2eLedger, startE2eLedger } from '../../../../test/support/e2e-ledger';
import { SQL_DATABASE } from '../store/sql-database';

const KEYS = { checkout: 'checkout-key-interrupted-0123456789', pricing: 'pricing-key-interrupted-0123456789' };
/** The key id the ledger derives from the checkout key (role + digest prefix), which scopes its Idempotency-Keys. */
const CHECKOUT_KEY_ID = `checkout:${createHash('sha256').update(KEYS.checkout).digest('hex').slice(0, 8)}`;

/**
 * An attempt that appended and then ended without storing its answer — its process died before the
 * completion, or the completion failed and the client got a 5xx — must not be applied a second time
 * by the retry. The crash is reproduced by putting the key's record back as the dead attempt left it.
 */
describe.each(e2eStores())('a retry after an interrupted attempt on %s', (store) => {
  let ledger: E2eLedger;
  let counter = 0;
  const http = (app: INestApplication) => request(app.getHttpServer());
  const as = (role: keyof typeof KEYS, key = `interrupted-${(counter += 1)}`) => ({ Authorization: `Bearer ${KEYS[role]}`, 'Idempotency-Key': key });
  const db = () => ledger.app.get<SqlExecutor>(SQL_DATABASE);
  const versionOf = async (cartId: string) => (await ledger.app.get(EventStore).readStream(cartStream(cartId))).length - 1;

  /** The record as an attempt leaves it when it dies after its append: in progress, claimed an hour ago. */
  const diedAfterAppending = (key: string) =>
    db().query(`UPDATE idempotency_records SET state = 'in_progress', status = NULL, content_type = NULL, body = NULL, completed_at = NULL, created_at = now() - interval '1 hour' WHERE scope_key = $1`, [`${CHECKOUT_KEY_ID}:${key}`]);
  /** The record as a 5xx leaves it (IdempotencyStore.interrupt). */
  const failedAfterAppending = (key: string) =>
    db().query(`UPDATE idempotency_records SET state = 'interrupted', status = NULL, content_type = NULL, body = NULL, completed_at = NULL WHERE scope_key = $1`, [`${CHECKOUT_KEY_ID}:${key}`]);

  beforeAll(async () => {
    ledger = await startE2eLedger(store, Object.entries(KEYS).map(([role, key]) => `${role}=${key}`).join(','));
    await http(ledger.app).put('/v1/prices/MUG-1').set(as('pricing')).send({ price: { amount: 2500, currency: 'USD' }, category: 'kitchen' }).expect(201);
  });
  afterAll(() => ledger.close());

  async function openCart(customerId: string): Promise<string> {
    return (await http(ledger.app).post('/v1/carts').set(as('checkout')).send({ customerId, currency: 'USD' }).expect(201)).body.cartId as string;
  }

  it.each([
    ['its process died', diedAfterAppending],
    ['it answered 5xx', failedAfterAppending],
  ])('AddItem whose attempt appended before %s: the retry answers from the stream and appends nothing', async (_how, interrupt) => {
    const cartId = await openCart(`interrupted-${store}-${counter}`);
    const add = () => http(ledger.app).post(`/v1/carts/${cartId}/items`).set(as('checkout', `add-once-${cartId}`)).send({ sku: 'MUG-1', quantity: 1 });
    const first = await add().expect(200);
    await interrupt(`add-once-${cartId}`);
    const version = await versionOf(cartId);

    const retry = await add().expect(200);
    expect(await versionOf(cartId)).toBe(version);
    expect(retry.body.lines).toEqual([expect.objectContaining({ sku: 'MUG-1', quantity: 1 })]);
    expect(retry.body).toMatchObject({ version: first.body.version, position: first.body.position });
    // its answer is stored now: a further retry is a plain replay
    const again = await add().expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await versionOf(cartId)).toBe(version);
  });

  it('AttachCoupon whose attempt recorded a CouponRejected before its process died: the retry answers with the same rejection and appends nothing', async () => {
    const cartId = await openCart(`interrupted-coupon-${store}`);
    const attach = () => http(ledger.app).post(`/v1/carts/${cartId}/coupons`).set(as('checkout', `coupon-once-${cartId}`)).send({ code: 'NO-SUCH-CODE' });
    const first = await attach();
    expect(first.status).toBe(422);
    await diedAfterAppending(`coupon-once-${cartId}`);
    const version = await versionOf(cartId);

    const retry = await attach();
    expect(retry.status).toBe(422);
    expect(retry.body).toMatchObject({ code: first.body.code, detail: first.body.detail });
    expect(await versionOf(cartId)).toBe(version);
  });

  it('AddItem whose interrupted attempt appended nothing: the retry applies it, once', async () => {
    const cartId = await openCart(`interrupted-none-${store}`);
    const key = `add-never-applied-${cartId}`;
    const body = { sku: 'MUG-1', quantity: 2 };
    const hash = createHash('sha256').update(`POST /v1/carts/${cartId}/items\n`).update(canonicalJson(body)).digest('hex');
    await db().query(`INSERT INTO idempotency_records (scope_key, request_hash, state) VALUES ($1, $2, 'interrupted')`, [`${CHECKOUT_KEY_ID}:${key}`, hash]);
    const version = await versionOf(cartId);

    const retry = await http(ledger.app).post(`/v1/carts/${cartId}/items`).set(as('checkout', key)).send(body).expect(200);
    expect(await versionOf(cartId)).toBe(version + 1);
    expect(retry.body.lines).toEqual([expect.objectContaining({ sku: 'MUG-1', quantity: 2 })]);
  });

  it('OpenCart without a cartId: the retry of an attempt that died after opening it names the same cart and opens no second one', async () => {
    const open = () => http(ledger.app).post('/v1/carts').set(as('checkout', `open-once-${store}`)).send({ customerId: `opener-${store}`, currency: 'USD' });
    const first = await open().expect(201);
    await diedAfterAppending(`open-once-${store}`);

    const retry = await open().expect(201);
    expect(retry.body.cartId).toBe(first.body.cartId);
    expect(await versionOf(first.body.cartId as string)).toBe(0);
    // distinct keys still open distinct carts
    expect(await openCart(`opener-${store}`)).not.toBe(first.body.cartId);
  });
});
