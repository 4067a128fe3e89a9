import { randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { checkoutFlow, type FlowTarget, newLatencies, request, seed } from './checkout-flow';
import { percentile, startLedgerApi } from './projections-support';

/**
 * `npm run bench:mismatch`: how soon a wrong charge shows in GET /v1/mismatches on the embedded
 * ledger (PGlite in memory, projections in-process — what `npm start` runs without DATABASE_URL).
 * A probe runs the checkout flow and charges 40.00 USD too much (the discount dropped), then asks
 * GET /v1/mismatches?customerId=… every BENCH_POLL_MS (5) ms — without minPosition, so nothing
 * waits on its behalf — until the order is listed; the delay is from the charge's response to that
 * answer. BENCH_PROBES (50) probes one after another, first on an idle ledger, then while
 * BENCH_CONCURRENCY (8) checkout flows run alongside. Nothing asserts a time.
 */
const probes = Number(process.env.BENCH_PROBES ?? 50);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const pollMs = Number(process.env.BENCH_POLL_MS ?? 5);
const DROPPED_DISCOUNT = 4000;

async function visibleAfter(target: FlowTarget, probe: string): Promise<number> {
  const customerId = await checkoutFlow(target, probe, 'BENCH40', newLatencies(), -DROPPED_DISCOUNT);
  const charged = performance.now();
  for (;;) {
    const page = await request(target, 'GET', `/v1/mismatches?customerId=${customerId}`, `poll-${randomUUID()}`, undefined, newLatencies());
    if (Array.isArray(page.items) && page.items.length > 0) return performance.now() - charged;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

async function measure(target: FlowTarget, label: string, probeId: string): Promise<string> {
  const delays: number[] = [];
  for (let n = 0; n < probes; n += 1) delays.push(await visibleAfter(target, `${probeId}-${n}-${randomUUID().slice(0, 8)}`));
  const sorted = [...delays].sort((a, b) => a - b);
  return `| ${label} | ${sorted.length} | ${percentile(sorted, 50).toFixed(0)} | ${percentile(sorted, 99).toFixed(0)} | ${(sorted[sorted.length - 1] ?? 0).toFixed(0)} |`;
}

async function main(): Promise<void> {
  const api = await startLedgerApi(null);
  const target: FlowTarget = { baseUrl: api.baseUrl, apiKey: api.apiKey };
  try {
    await seed(target, 'BENCH40');
    const rows = [await measure(target, 'idle', 'idle')];
    let loading = true;
    let flows = 0;
    let failures = 0;
    const load = Promise.all(Array.from({ length: concurrency }, async (_, worker) => {
      for (let n = 0; loading; n += 1) {
        await checkoutFlow(target, `load-${worker}-${n}-${randomUUID().slice(0, 8)}`, 'BENCH40', newLatencies()).then(() => (flows += 1), (error: unknown) => {
          failures += 1;
          if (failures <= 3) process.stderr.write(`load flow failed: ${String(error)}\n`);
        });
      }
    }));
    const started = performance.now();
    rows.push(await measure(target, `with ${concurrency} concurrent checkout flows`, 'loaded'));
    loading = false;
    await load;
    const cpu = cpus();
    process.stdout.write(
      `machine: ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}; embedded ledger (PGlite in memory)\n` +
      `load alongside the second row: ${(flows / ((performance.now() - started) / 1000)).toFixed(1)} flows/s, ${failures} failed\n\n` +
      `| ledger | probes | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|\n${rows.join('\n')}\n`,
    );
  } finally {
    await api.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:mismatch failed: ${String(error)}\n`);
  process.exitCode = 1;
});
