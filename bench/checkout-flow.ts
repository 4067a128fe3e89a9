import { Agent, request as httpRequest } from 'node:http';

/**
 * One checkout flow as the checkout service drives it: open cart, add 3 items, attach the coupon,
 * quote, check out, record the charge = 8 requests, each with its own Idempotency-Key. Latencies
 * are collected per request.
 */
export interface FlowTarget {
  readonly baseUrl: string;
  readonly apiKey: string;
}

const SKUS = ['BENCH-DRESS', 'BENCH-TEE', 'BENCH-SCARF'] as const;

/** Latencies in ms, all requests together and per flow step; `endedAt` (performance.now()) beside `all`. */
export interface Latencies {
  readonly all: number[];
  readonly endedAt: number[];
  readonly byStep: Map<string, number[]>;
}

export const newLatencies = (): Latencies => ({ all: [], endedAt: [], byStep: new Map() });

function record(latencies: Latencies, step: string, ms: number): void {
  latencies.all.push(ms);
  latencies.endedAt.push(performance.now());
  const steps = latencies.byStep.get(step) ?? [];
  steps.push(ms);
  latencies.byStep.set(step, steps);
}

/**
 * node:http with keep-alive connections rather than fetch: the driver shares the two cores with the
 * server, and fetch costs it several times the CPU per request.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function send(url: URL, method: string, headers: Record<string, string>, body: string | undefined): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method, agent, headers: body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

export async function request(target: FlowTarget, method: string, path: string, key: string, body: unknown, latencies: Latencies, step = 'seed'): Promise<Record<string, unknown>> {
  const started = performance.now();
  const headers = { Authorization: `Bearer ${target.apiKey}`, 'Content-Type': 'application/json', 'Idempotency-Key': key };
  const url = new URL(path, target.baseUrl);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  // a kept-alive connection the server closed while it sat idle fails at once; every write carries
  // its Idempotency-Key, so sending it again is safe
  const { status, text } = await send(url, method, headers, payload).catch((error: unknown) => {
    if ((error as { code?: string }).code !== 'ECONNRESET') throw error;
    return send(url, method, headers, payload);
  });
  record(latencies, step, performance.now() - started);
  if (status < 200 || status >= 300) throw new Error(`${method} ${path} → ${status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

export async function seed(target: FlowTarget, code: string): Promise<void> {
  const ignore = newLatencies();
  for (const [index, sku] of SKUS.entries()) {
    await request(target, 'PUT', `/v1/prices/${sku}`, `bench-price-${sku}`, { price: { amount: 4000 + index * 1000, currency: 'USD' }, category: 'fashion-apparel' }, ignore);
  }
  await request(target, 'POST', '/v1/campaigns', `bench-campaign-${code}`, {
    id: code.toLowerCase(), name: code, advertisedText: '40 USD off over 100 USD',
    target: { categories: ['fashion-apparel'], skus: [], excludeSkus: [] }, conditions: { minSubtotal: { USD: 10000 } },
    benefit: { type: 'amount_off_order', amount: { USD: 4000 } }, stacking: { mode: 'exclusive', priority: 10 },
    limits: {}, schedule: {}, codes: { type: 'public', code },
  }, ignore);
  await request(target, 'POST', `/v1/campaigns/${code.toLowerCase()}/activate`, `bench-activate-${code}`, undefined, ignore);
}

/**
 * `undercharge`: minor units charged below the expected total — a payment step that dropped a
 * discount charges `expected + discount`, so pass a negative amount to overcharge. Resolves to the
 * flow's customer id (each flow has its own).
 */
export async function checkoutFlow(target: FlowTarget, flowId: string, code: string, latencies: Latencies, undercharge = 0): Promise<string> {
  const key = (step: string) => `${flowId}-${step}`;
  const cart = await request(target, 'POST', '/v1/carts', key('open'), { customerId: `bench-${flowId}`, currency: 'USD' }, latencies, 'open cart');
  const cartId = String(cart.cartId);
  for (const sku of SKUS) await request(target, 'POST', `/v1/carts/${cartId}/items`, key(`add-${sku}`), { sku, quantity: 1 }, latencies, 'add item');
  await request(target, 'POST', `/v1/carts/${cartId}/coupons`, key('coupon'), { code }, latencies, 'attach coupon');
  const quote = await request(target, 'POST', `/v1/carts/${cartId}/quote`, key('quote'), undefined, latencies, 'quote');
  const order = await request(target, 'POST', `/v1/carts/${cartId}/checkout`, key('checkout'), { quoteId: quote.quoteId }, latencies, 'checkout');
  const expected = order.expectedTotal as { amount: number; currency: string };
  const amount = { ...expected, amount: expected.amount - undercharge };
  await request(target, 'POST', `/v1/orders/${String(order.orderId)}/charges`, key('charge'), { amount, paymentRef: `psp-${flowId}` }, latencies, 'charge');
  return `bench-${flowId}`;
}
