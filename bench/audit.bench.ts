import './projections-aliases';
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { openPostgresEventStore, type SqlEventStore } from '../libs/event-store/src';
import { replayOrder } from '../libs/audit/src';
import { AuditLedger } from '../libs/audit/src/testing/audit-ledger';
import { spring40Terms } from '../libs/audit/src/testing/spring40-order';
import { freshDatabase, ledgerEventTypes, percentile, startLedgerApi, table } from './projections-support';

/**
 * `npm run bench:audit`: how long finance waits for one order's replay (DESIGN §7, issue 6: p99 ≤ 10 ms).
 * On a fresh PostgreSQL database (DATABASE_URL; dropped after) it builds BENCH_AUDIT_ORDERS (1,000)
 * orders in groups of 10 that share a campaign and three skus: each group's skus are priced and
 * repriced, its campaign created, activated and revised twice, and each order adds three items,
 * changes a quantity, attaches the code, is quoted twice, checked out and charged (one in ten
 * without the discount), with one of its skus repriced just before — about 30 events per replay.
 * Then it replays every order (a 100-order warm-up, then two timed passes) with the replay function itself,
 * and once more through GET /v1/orders/:id/audit of a running ledger-api. Prints markdown tables.
 */
const orders = Number(process.env.BENCH_AUDIT_ORDERS ?? 1_000);
const GROUP = 10;
const CONCURRENCY = 8;
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const minute = (n: number): string => new Date(Date.parse('2026-03-16T00:00:00.000Z') + n * 60_000).toISOString();

async function buildGroup(store: SqlEventStore, group: number): Promise<{ orderIds: string[] }> {
  const ledger = new AuditLedger(store, `g${group}`);
  const skus = [0, 1, 2].map((n) => `SKU-${group}-${n}`);
  const code = `CODE${group}`;
  let clock = 0;
  for (const [n, sku] of skus.entries()) {
    await ledger.setPrice(sku, 4000 + n * 500, 'fashion-apparel', minute((clock += 1)));
    await ledger.setPrice(sku, 4200 + n * 500, 'fashion-apparel', minute((clock += 1)));
  }
  await ledger.launchCampaign(`c${group}`, spring40Terms(3000), { type: 'public', code }, minute((clock += 1)));
  await ledger.reviseTerms(`c${group}`, spring40Terms(3500), minute((clock += 1)));
  await ledger.reviseTerms(`c${group}`, spring40Terms(4000), minute((clock += 1)));
  const orderIds: string[] = [];
  for (let k = 0; k < GROUP; k += 1) {
    const orderId = `o-${group}-${k}`;
    const cartId = `cart-${orderId}`;
    await ledger.setPrice(skus[k % 3], 4300 + k * 10, 'fashion-apparel', minute((clock += 1)));
    const at = minute((clock += 1));
    await ledger.cart(cartId, { type: 'OpenCart', data: { cartId, customerId: `shopper-${orderId}`, currency: 'USD', channel: 'web' } }, at);
    for (const sku of skus) await ledger.cart(cartId, { type: 'AddItem', data: { sku, quantity: 1 } }, at);
    await ledger.cart(cartId, { type: 'ChangeItemQuantity', data: { sku: skus[0], quantity: 2 } }, at);
    await ledger.cart(cartId, { type: 'AttachCoupon', data: { code } }, at);
    await ledger.cart(cartId, { type: 'IssueQuote', data: {} }, at, `q1-${orderId}`);
    await ledger.cart(cartId, { type: 'IssueQuote', data: {} }, at, `q2-${orderId}`);
    await ledger.checkout(cartId, `q2-${orderId}`, orderId, at);
    const quote = (await store.readStream(`cart-${cartId}`)).find((event) => event.type === 'QuoteIssued' && event.data.quoteId === `q2-${orderId}`);
    const total = (quote?.data.total as { amount: number } | undefined)?.amount ?? 0;
    await ledger.charge(orderId, k === 0 ? (quote?.data.subtotal as { amount: number }).amount : total, `psp-${orderId}`, at);
    orderIds.push(orderId);
  }
  return { orderIds };
}

async function timeReplays(store: SqlEventStore, orderIds: readonly string[]): Promise<{ times: number[]; steps: number[]; divergent: number }> {
  const times: number[] = [];
  const steps: number[] = [];
  let divergent = 0;
  for (const orderId of orderIds) {
    const started = performance.now();
    const outcome = await replayOrder(store, orderId);
    times.push(performance.now() - started);
    if (outcome.kind !== 'report') throw new Error(`${orderId}: ${outcome.rejection.message}`);
    steps.push(outcome.report.steps.length);
    if (outcome.report.firstDivergence !== null) divergent += 1;
  }
  return { times, steps, divergent };
}

const figures = (label: string, times: readonly number[]): string[] => {
  const sorted = [...times].sort((left, right) => left - right);
  return [label, String(sorted.length), percentile(sorted, 50).toFixed(2), percentile(sorted, 99).toFixed(2), (sorted.at(-1) ?? 0).toFixed(2)];
};

async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('set DATABASE_URL (postgres://…): the benchmark runs against PostgreSQL');
  const database = await freshDatabase(adminUrl, 'ledger_bench_audit');
  try {
    const store = await openPostgresEventStore({ registry: ledgerEventTypes(), connectionString: database.url, maxConnections: CONCURRENCY + 2 });
    const started = performance.now();
    const groups = Array.from({ length: Math.ceil(orders / GROUP) }, (_, group) => group);
    const orderIds: string[] = [];
    for (let next = 0; next < groups.length; next += CONCURRENCY) {
      const built = await Promise.all(groups.slice(next, next + CONCURRENCY).map((group) => buildGroup(store, group)));
      orderIds.push(...built.flatMap((group) => group.orderIds));
      if ((next / CONCURRENCY) % 5 === 0) log(`built ${orderIds.length} orders`);
    }
    const head = await store.readAll({ direction: 'backwards', maxCount: 1 });
    log(`built ${orderIds.length} orders in ${((performance.now() - started) / 1000).toFixed(1)} s (log head ${head[0]?.position.prepare ?? 0})`);

    await timeReplays(store, orderIds.slice(0, 100)); // warm-up: JIT, connection pool, PostgreSQL caches
    const timed = await timeReplays(store, orderIds);
    // A second pass: right after the bulk load PostgreSQL is still settling (autovacuum/analyze of the fresh tables).
    const again = await timeReplays(store, orderIds);
    const sortedSteps = [...timed.steps].sort((left, right) => left - right);
    await store.close();

    log('replaying through GET /v1/orders/:id/audit');
    const api = await startLedgerApi(database.url);
    const httpTimes: number[] = [];
    try {
      for (const orderId of orderIds) {
        const sent = performance.now();
        const response = await fetch(`${api.baseUrl}/v1/orders/${orderId}/audit`, { headers: { Authorization: `Bearer ${api.apiKey}` } });
        await response.text();
        if (!response.ok) throw new Error(`${orderId}: HTTP ${response.status}`);
        httpTimes.push(performance.now() - sent);
      }
    } finally {
      await api.stop();
    }

    process.stdout.write(`\n## Audit replay (${orders} orders, PostgreSQL; ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, load average ${loadavg()[0].toFixed(1)})\n\n`);
    process.stdout.write(`steps per replay: min ${sortedSteps[0]}, median ${percentile(sortedSteps, 50)}, max ${sortedSteps.at(-1)}; ${timed.divergent} orders with a divergence\n\n`);
    process.stdout.write(`${table(['replay', 'orders', 'p50 ms', 'p99 ms', 'max ms'], [figures('replayOrder (server-side), first pass', timed.times), figures('replayOrder (server-side), second pass', again.times), figures('GET /v1/orders/:id/audit (HTTP, sequential)', httpTimes)])}\n`);
  } finally {
    if (process.env.BENCH_KEEP_DATABASE) log(`kept ${database.url}`); else await database.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
