import type TestAgent from 'supertest/lib/agent';

type Http = () => TestAgent;
type Keys = Readonly<Record<'checkout' | 'pricing' | 'marketing', string>>;

const usd = (amount: number) => ({ amount, currency: 'USD' });
/** A field of a JSON answer the caller knows is a string. */
const field = (response: { body: unknown }, name: string): string => (response.body as Record<string, string>)[name];

/**
 * A checkout service's SPRING40 traffic over real HTTP, for the monitor suites: a 129.00 USD dress
 * with the code (expected 89.00), charged correctly or — the incident's fault — at full price; a
 * 50.00 USD cart under the 100.00 USD minimum; an unknown code.
 */
export function spring40Traffic(http: Http, keys: Keys, prefix: string) {
  let counter = 0;
  const as = (role: keyof Keys) => ({ Authorization: `Bearer ${keys[role]}`, 'Idempotency-Key': `${prefix}-${(counter += 1)}-${Date.now()}` });
  const openCart = async (customerId: string, sku: string, quantity: number): Promise<string> => {
    const cartId = field(await http().post('/v1/carts').set(as('checkout')).send({ customerId: `${prefix}-${customerId}`, currency: 'USD' }).expect(201), 'cartId');
    await http().post(`/v1/carts/${cartId}/items`).set(as('checkout')).send({ sku, quantity }).expect(200);
    return cartId;
  };

  return {
    async setUp(): Promise<void> {
      await http().put('/v1/prices/DRESS-1').set(as('pricing')).send({ price: usd(12900), category: 'fashion-apparel' }).expect(201);
      await http().put('/v1/prices/TEE-1').set(as('pricing')).send({ price: usd(2500), category: 'fashion-apparel' }).expect(201);
      await http().post('/v1/campaigns').set(as('marketing')).send({
        id: 'spring40', name: 'Spring 40', advertisedText: '40 USD off any purchase over 100 USD in Fashion & Apparel',
        target: { categories: ['fashion-apparel'], skus: [], excludeSkus: [] }, conditions: { minSubtotal: { USD: 10000 } },
        benefit: { type: 'amount_off_order', amount: { USD: 4000 } }, stacking: { mode: 'exclusive', priority: 10 }, limits: {},
        schedule: { startsAt: '2026-01-01T00:00:00Z' }, codes: { type: 'public', code: 'SPRING40' },
      }).expect(201);
      await http().post('/v1/campaigns/spring40/activate').set(as('marketing')).expect(200);
    },

    /** One dress with SPRING40 checked out at 89.00 and charged 89.00 — or 129.00 when the fault drops the discount. */
    async order(customerId: string, { chargedWithoutDiscount }: { chargedWithoutDiscount: boolean }): Promise<{ orderId: string; chargePosition: string }> {
      const cartId = await openCart(customerId, 'DRESS-1', 1);
      await http().post(`/v1/carts/${cartId}/coupons`).set(as('checkout')).send({ code: 'SPRING40' }).expect(200);
      const quoteId = field(await http().post(`/v1/carts/${cartId}/quote`).set(as('checkout')).send().expect(201), 'quoteId');
      const orderId = field(await http().post(`/v1/carts/${cartId}/checkout`).set(as('checkout')).send({ quoteId }).expect(201), 'orderId');
      const charged = await http().post(`/v1/orders/${orderId}/charges`).set(as('checkout')).send({ amount: usd(chargedWithoutDiscount ? 12900 : 8900), paymentRef: `psp-${orderId}` }).expect(201);
      return { orderId, chargePosition: field(charged, 'position') };
    },

    /** Two tees, 50.00 USD: SPRING40 stays attached as not_eligible (MIN_SUBTOTAL_NOT_MET). */
    async underMinimum(customerId: string): Promise<void> {
      const cartId = await openCart(`${customerId}-small`, 'TEE-1', 2);
      await http().post(`/v1/carts/${cartId}/coupons`).set(as('checkout')).send({ code: 'SPRING40' }).expect(200);
    },

    /** A code that does not exist: 422 UNKNOWN_CODE, the attempt recorded. */
    async unknownCode(customerId: string): Promise<void> {
      const cartId = await openCart(`${customerId}-typo`, 'TEE-1', 1);
      await http().post(`/v1/carts/${cartId}/coupons`).set(as('checkout')).send({ code: 'SPRNG40' }).expect(422);
    },
  };
}
