import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { openPostgresEventStore } from '../libs/event-store/src';
import { machineTicks, postgresCpuMs, processCpuMs, threadSchedule } from './cpu-usage';
import { checkoutFlow, type FlowTarget, type Latencies, newLatencies, seed } from './checkout-flow';
import { freshDatabase, percentile, startLedgerApi, withAdmin } from './projections-support';
import { describeRuntime, scrapeRuntime } from './server-runtime';
import { benchRegistry, measureAppends } from './store-scenarios';

/**
 * `npm run bench:checkout`: the full checkout flow (8 requests) at concurrency BENCH_CONCURRENCY
 * (32) for BENCH_SECONDS (20), after BENCH_WARMUP_SECONDS (5) of the same load reported apart,
 * against ledger-api on PostgreSQL (DATABASE_URL; a fresh database is created and dropped), on
 * loopback only. Prints flows/s, requests/s, p50/p99, the server's peak RSS, its GCs and event-loop
 * delay and, in the same run, the store's raw append rate so the API's overhead reads as a ratio.
 * Nothing asserts a time; figures go to docs/BENCHMARKS.md. BENCH_SERVER_NODE_ARGS (e.g. `--cpu-prof`)
 * is passed to the server's node, to profile it under the load.
 */
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);

async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('set DATABASE_URL (postgres://…): the benchmark runs against PostgreSQL');
  const database = await freshDatabase(adminUrl, 'ledger_bench');
  // BENCH_SERVER_NODE_ARGS: flags for the server's node only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
  const server = await startLedgerApi(database.url, { nodeArgs, stdout: process.env.BENCH_SERVER_STDOUT === 'inherit' ? 'inherit' : 'ignore' });
  const target: FlowTarget = { baseUrl: server.baseUrl, apiKey: server.apiKey };
  try {
    await seed(target, 'BENCH40');
    // a new process runs its first seconds cold (code not yet optimised, caches empty, the heap still
    // growing): the same load runs first for BENCH_WARMUP_SECONDS, reported apart, not counted
    const warmup = newLatencies();
    const warmed = await drive(target, warmupSeconds, warmup);
    const transactionsBefore = await settledTransactions(database.url);
    const runtimeBefore = await scrapeRuntime(server.baseUrl);
    const latencies = newLatencies();
    const cpuBefore = { server: processCpuMs(server.pid), postgres: postgresCpuMs(), driver: processCpuMs(process.pid), machine: machineTicks(), mainThread: threadSchedule(server.pid) };
    const loadStarted = performance.now();
    const { flows, failures, elapsed } = await drive(target, seconds, latencies);
    const runtime = describeRuntime(runtimeBefore, await scrapeRuntime(server.baseUrl), elapsed);
    const machine = machineTicks();
    const mainThread = threadSchedule(server.pid);
    const cpu = {
      server: (processCpuMs(server.pid) - cpuBefore.server) / Math.max(flows, 1),
      postgres: (postgresCpuMs() - cpuBefore.postgres) / Math.max(flows, 1),
      driver: (processCpuMs(process.pid) - cpuBefore.driver) / Math.max(flows, 1),
      busy: (100 * (machine.busy - cpuBefore.machine.busy)) / Math.max(machine.total - cpuBefore.machine.total, 1),
    };
    const transactionsPerFlow = ((await settledTransactions(database.url)) - transactionsBefore) / Math.max(flows, 1);
    const status = await readFile(`/proc/${server.pid}/status`, 'utf8');
    const peakRssMb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
    const sorted = ascending(latencies.all);
    const warmupSorted = ascending(warmup.all);

    const store = await openPostgresEventStore({ registry: benchRegistry, connectionString: database.url, schema: 'bench_raw', maxConnections: concurrency });
    const raw = await measureAppends(store, concurrency, 1, { events: 5000, maxSeconds: 10 });
    const rawPerSecond = raw.events / raw.seconds;
    await store.close();
    const flowsPerSecond = flows / elapsed;

    const cores = cpus();
    process.stdout.write(
      `machine: ${cores.length} × ${cores[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}\n` +
      `settings: concurrency ${concurrency}, ${seconds} s after ${warmupSeconds} s of warm-up, PostgreSQL (fresh database), 8 requests per flow, idempotency + hash chain on\n` +
      `warm-up (not counted below): ${warmed.flows} flows, ${warmed.failures} failed, ${(warmed.flows / warmed.elapsed).toFixed(1)} flows/s, p50 ${percentile(warmupSorted, 50).toFixed(1)} ms, p99 ${percentile(warmupSorted, 99).toFixed(1)} ms\n\n` +
      `| flows | failed | flows/s | requests/s | p50 ms | p99 ms | server peak RSS MB | raw appends/s (${concurrency} writers) | appends per flow at that rate |\n` +
      `|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n` +
      `| ${flows} | ${failures} | ${flowsPerSecond.toFixed(1)} | ${(latencies.all.length / elapsed).toFixed(0)} | ${percentile(sorted, 50).toFixed(1)} | ${percentile(sorted, 99).toFixed(1)} | ${peakRssMb.toFixed(0)} | ${rawPerSecond.toFixed(0)} | ${(rawPerSecond / Math.max(flowsPerSecond, 0.001)).toFixed(1)} |\n`,
    );
    process.stdout.write(`\n${runtime}`);
    process.stdout.write(`PostgreSQL transactions per flow: ${transactionsPerFlow.toFixed(1)} (${(transactionsPerFlow / 8).toFixed(2)} per request; a statement outside BEGIN … COMMIT is one)\n`);
    process.stdout.write(`CPU per flow: ledger-api ${cpu.server.toFixed(1)} ms (all its threads), PostgreSQL ${cpu.postgres.toFixed(1)} ms, this driver ${cpu.driver.toFixed(1)} ms; machine busy ${cpu.busy.toFixed(0)} % during the load\n`);
    if (mainThread !== null && cpuBefore.mainThread !== null) {
      const share = (ns: number): string => ((100 * ns) / (elapsed * 1e9)).toFixed(0);
      process.stdout.write(
        `ledger-api's main thread during the load: running ${share(mainThread.runningNs - cpuBefore.mainThread.runningNs)} %, ` +
          `runnable but waiting for a core ${share(mainThread.waitingNs - cpuBefore.mainThread.waitingNs)} %\n`,
      );
    }
    process.stdout.write(`per ${WINDOW_SECONDS}-s window of the load, requests/s and p99 ms (drift over the run): ${windowed(latencies, loadStarted).join(' · ')}\n`);
    process.stdout.write('\n| step | requests | p50 ms | p99 ms |\n|---|---:|---:|---:|\n');
    for (const [step, values] of latencies.byStep) {
      const steps = ascending(values);
      process.stdout.write(`| ${step} | ${steps.length} | ${percentile(steps, 50).toFixed(1)} | ${percentile(steps, 99).toFixed(1)} |\n`);
    }
  } finally {
    await server.stop();
    await database.drop();
  }
}

/** `concurrency` workers run flows one after another until `forSeconds` have passed; a flow under way then ends first. */
async function drive(target: FlowTarget, forSeconds: number, latencies: Latencies): Promise<{ flows: number; failures: number; elapsed: number }> {
  let flows = 0;
  let failures = 0;
  const started = performance.now();
  const deadline = started + forSeconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async (_, worker) => {
    for (let n = 0; performance.now() < deadline; n += 1) {
      await checkoutFlow(target, `w${worker}-${n}-${randomUUID().slice(0, 8)}`, 'BENCH40', latencies).then(() => (flows += 1), (error: unknown) => {
        failures += 1;
        if (failures <= 3) process.stderr.write(`flow failed: ${String(error)}\n`);
      });
    }
  }));
  return { flows, failures, elapsed: (performance.now() - started) / 1000 };
}

const ascending = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

const WINDOW_SECONDS = 10;

/** Requests/s and p99 of the requests that ended in each WINDOW_SECONDS of the load: a run that slows down as its data grows shows it. */
function windowed(latencies: Latencies, startedAt: number): string[] {
  const windows: number[][] = [];
  latencies.endedAt.forEach((endedAt, index) => {
    const window = Math.floor((endedAt - startedAt) / (WINDOW_SECONDS * 1000));
    (windows[window] ??= []).push(latencies.all[index]);
  });
  return windows.map((values) => `${(values.length / WINDOW_SECONDS).toFixed(0)}/s ${percentile(ascending(values), 99).toFixed(1)}`);
}

/**
 * Transactions PostgreSQL has finished in the bench's database, from pg_stat_database: the round
 * trips that commit or read, each statement sent outside BEGIN … COMMIT counting as one. A backend
 * reports its counts once idle, within about a second (PGSTAT_MIN_INTERVAL), hence the wait; the
 * server's in-process projections finishing the load's last events meanwhile count with the load.
 */
async function settledTransactions(url: string): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  return withAdmin(url, async (client) => {
    const { rows } = await client.query<{ finished: string }>('SELECT xact_commit + xact_rollback AS finished FROM pg_stat_database WHERE datname = current_database()');
    return Number(rows[0]?.finished ?? 0);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:checkout failed: ${String(error)}\n`);
  process.exitCode = 1;
});
