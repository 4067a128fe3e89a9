import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { spring40Campaign } from '../../apps/ledger-cli/src/simulate/spring40-scenario';

/**
 * The incident's setup over real HTTP, for suites that need SPRING40 orders charged full price:
 * a 129.00 USD dress, the campaign "40 USD off over 100 USD in Fashion & Apparel", and a checkout
 * whose payment ignores the 89.00 USD it was quoted.
 */
export const SPRING40_CAMPAIGN = spring40Campaign({ limits: {}, schedule: { startsAt: '2026-01-01T00:00:00Z', endsAt: '2099-12-31T23:59:59Z' } });

const usd = (amount: number) => ({ amount, currency: 'USD' });

/** Bearer keys for the roles the flow needs. */
export interface Spring40Keys {
  readonly checkout: string;
  readonly pricing: string;
  readonly marketing: string;
}

export class Spring40Orders {
  private counter = 0;

  constructor(
    private readonly app: INestApplication,
    private readonly keys: Spring40Keys,
    private readonly keyPrefix: string,
  ) {}

  /** Prices DRESS-1 at 129.00 USD and activates SPRING40. */
  async setUp(): Promise<void> {
    await this.http().put('/v1/prices/DRESS-1').set(this.as('pricing')).send({ price: usd(12900), category: 'fashion-apparel' }).expect(201);
    await this.http().post('/v1/campaigns').set(this.as('marketing')).send(SPRING40_CAMPAIGN).expect(201);
    await this.http().post('/v1/campaigns/spring40/activate').set(this.as('marketing')).expect(200);
  }

  /** One dress with SPRING40, quoted and placed at 89.00 USD, charged 129.00 USD: a 40.00 USD mismatch. */
  async overcharged(customerId: string, paymentRef: string): Promise<{ orderId: string; position: string }> {
    const cartId = (await this.http().post('/v1/carts').set(this.as('checkout')).send({ customerId, currency: 'USD' }).expect(201)).body.cartId as string;
    await this.http().post(`/v1/carts/${cartId}/items`).set(this.as('checkout')).send({ sku: 'DRESS-1', quantity: 1 }).expect(200);
    await this.http().post(`/v1/carts/${cartId}/coupons`).set(this.as('checkout')).send({ code: 'SPRING40' }).expect(200);
    const quoted = await this.http().post(`/v1/carts/${cartId}/quote`).set(this.as('checkout')).send().expect(201);
    const placed = await this.http().post(`/v1/carts/${cartId}/checkout`).set(this.as('checkout')).send({ quoteId: quoted.body.quoteId }).expect(201);
    expect(placed.body.expectedTotal).toEqual(usd(8900));
    const orderId = placed.body.orderId as string;
    const charge = await this.http().post(`/v1/orders/${orderId}/charges`).set(this.as('checkout')).send({ amount: usd(12900), paymentRef }).expect(201);
    expect(charge.body).toMatchObject({ delta: usd(4000), mismatch: true });
    return { orderId, position: charge.body.position as string };
  }

  private http() {
    return request(this.app.getHttpServer());
  }

  private as(role: keyof Spring40Keys) {
    return { Authorization: `Bearer ${this.keys[role]}`, 'Idempotency-Key': `${this.keyPrefix}-${(this.counter += 1)}` };
  }
}
