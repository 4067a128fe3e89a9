import { randomUUID } from 'node:crypto';
import { ProgressReader, ReadModelSchema } from '../libs/projections/src';
import { openPostgresEventStore } from '../libs/event-store/src';
import { checkoutFlow, type FlowTarget, newLatencies, seed } from './checkout-flow';
import { ledgerEventTypes, percentile, startLedgerApi } from './projections-support';

export interface LagFigures {
  readonly samples: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export interface SteadyStateReport {
  readonly flows: number;
  readonly failures: number;
  readonly seconds: number;
  /** Per projection: age of the oldest unapplied event (ProgressReader.lag's lagSeconds), sampled every 250 ms. */
  readonly sampledLag: ReadonlyMap<string, LagFigures>;
  /** Per projection and batch: the batch's checkpoint time − occurredAt of its newest event. */
  readonly batchLatency: ReadonlyMap<string, LagFigures>;
  /** From the end of the load until every projection had applied the head of the log. */
  readonly drainSeconds: number;
}

const SAMPLE_MS = 250;

function figures(values: readonly number[]): LagFigures {
  const sorted = [...values].sort((a, b) => a - b);
  return { samples: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? 0 };
}

/**
 * ledger-api with its in-process projections on `databaseUrl`, driven by the checkout flow at
 * `concurrency` for `seconds`, while every 250 ms each projection's lag is read from the database
 * the way /health/ready and minPosition reads do.
 */
export async function measureSteadyStateLag(databaseUrl: string, concurrency: number, seconds: number): Promise<SteadyStateReport> {
  const api = await startLedgerApi(databaseUrl);
  const store = await openPostgresEventStore({ registry: ledgerEventTypes(), connectionString: databaseUrl, maxConnections: 4, applicationName: 'bench-lag-probe' });
  const schema = new ReadModelSchema('read_models');
  const reader = new ProgressReader(store.executor, schema);
  const lagSamples = new Map<string, number[]>();
  const batchSamples = new Map<string, number[]>();
  const lastApplied = new Map<string, number>();
  const push = (into: Map<string, number[]>, projection: string, value: number): void => {
    const values = into.get(projection) ?? [];
    values.push(value);
    into.set(projection, values);
  };
  // ProgressReader.lag's lagSeconds, but reading one event past each checkpoint instead of up to 10,000, in parallel, so a sample stays cheap under load
  const sample = async (): Promise<void> => {
    const now = Date.now();
    await Promise.all((await reader.progress()).map(async (entry) => {
      const fromStart = entry.checkpoint.commit === 0n && entry.checkpoint.prepare === 0n;
      const [oldest] = await store.readAll(fromStart ? { maxCount: 1 } : { fromPosition: entry.checkpoint, maxCount: 1 });
      push(lagSamples, entry.projection, oldest ? Math.max(0, (now - Date.parse(oldest.metadata.occurredAt)) / 1000) : 0);
    }));
    const rows = await store.executor.query<{ projection: string; events_applied: string; latency: string | null }>(
      `SELECT g.projection, g.events_applied::text AS events_applied, extract(epoch FROM g.updated_at - g.last_event_at)::text AS latency
       FROM ${schema.state} p JOIN ${schema.generations} g ON g.projection = p.projection AND g.generation = p.active_generation`,
    );
    for (const row of rows) {
      const applied = Number(row.events_applied);
      if (lastApplied.get(row.projection) !== applied && row.latency !== null) push(batchSamples, row.projection, Math.max(0, Number(row.latency)));
      lastApplied.set(row.projection, applied);
    }
  };
  try {
    const target: FlowTarget = { baseUrl: api.baseUrl, apiKey: api.apiKey };
    // a code of its own, so the load can run again on a database that already has a run's campaign
    const code = `LAG${randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase()}`;
    await seed(target, code);
    await sample();
    lagSamples.clear();
    batchSamples.clear();
    let sampling = true;
    const sampler = (async () => {
      // a sample starts every 250 ms even when the previous one is still reading (at most 4 at once)
      const inFlight = new Set<Promise<void>>();
      while (sampling) {
        if (inFlight.size < 4) {
          const running: Promise<void> = sample().finally(() => inFlight.delete(running));
          inFlight.add(running);
        }
        await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
      }
      await Promise.all(inFlight);
    })();
    let flows = 0;
    let failures = 0;
    const latencies = newLatencies();
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(Array.from({ length: concurrency }, async (_, worker) => {
      for (let n = 0; performance.now() < deadline; n += 1) {
        await checkoutFlow(target, `lag-w${worker}-${n}-${randomUUID().slice(0, 8)}`, code, latencies).then(() => (flows += 1), (error: unknown) => {
          failures += 1;
          if (failures <= 3) process.stderr.write(`flow failed: ${String(error)}\n`);
        });
      }
    }));
    const elapsed = (performance.now() - started) / 1000;
    const loadEnded = performance.now();
    const names = [...lagSamples.keys()];
    const caughtUp = await reader.waitFor(names, await store.headPosition(), 60_000, 50);
    const drainSeconds = caughtUp ? (performance.now() - loadEnded) / 1000 : Number.POSITIVE_INFINITY;
    sampling = false;
    await sampler;
    const summarise = (samples: Map<string, number[]>) => new Map([...samples].map(([projection, values]) => [projection, figures(values)]));
    return { flows, failures, seconds: elapsed, sampledLag: summarise(lagSamples), batchLatency: summarise(batchSamples), drainSeconds };
  } finally {
    await store.close();
    await api.stop();
  }
}
