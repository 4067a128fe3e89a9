import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Generations, type Projection, ReadModelSchema, rebuildInto } from '../libs/projections/src';
import { appendWorkload, syntheticWorkload } from '../libs/projections/src/testing/synthetic-workload';
import type { SqlEventStore } from '../libs/event-store/src';
import { npmScriptNodeArgs, REPOSITORY } from './projections-support';

export interface RebuildMeasurement {
  readonly projection: string;
  readonly events: number;
  readonly seconds: number;
}

export interface RebuildReport {
  /** Per round, each projection in turn: round r holds the r-th rebuild of every projection. */
  readonly rounds: readonly (readonly RebuildMeasurement[])[];
  /** Every projection rebuilt at once: wall time for all of them over the same log. */
  readonly concurrent: { readonly projections: number; readonly events: number; readonly seconds: number };
}

export interface AppendMeasurement {
  readonly events: number;
  readonly appends: number;
  readonly seconds: number;
}

/** About `events` synthetic ledger events (a realistic checkout mix, see syntheticWorkload), `concurrency` appends at a time. */
export async function fillLog(store: SqlEventStore, events: number, concurrency: number, seed: number, progress: (line: string) => void): Promise<AppendMeasurement> {
  const workload = syntheticWorkload({ orders: Number.MAX_SAFE_INTEGER, seed, maxEvents: events });
  let appends = 0;
  let reported = 0;
  const started = process.hrtime.bigint();
  // coalescing: an append queued behind busy connections takes its stream's next appends (same order), so the load is not bound by one commit per command
  const appended = await appendWorkload(store, workload, {
    concurrency,
    coalesce: true,
    onProgress: (done) => {
      appends = done.appends;
      if (done.events - reported < 100_000) return;
      reported = done.events;
      progress(`  appended ${done.events.toLocaleString('en-US')} events`);
    },
  });
  return { events: appended, appends, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/**
 * `rebuildInto` of each projection in turn (a fresh generation from the start of the log, then the
 * swap), then all of them at once, as `ledger rebuild all` would race them on one database.
 */
export function measureRebuilds(store: SqlEventStore, projections: readonly Projection[], batchSize: number, rounds: number, progress: (line: string) => void): Promise<RebuildReport> {
  const schema = new ReadModelSchema('read_models');
  const deps = { store, db: store.executor, schema, generations: new Generations(store.executor, schema) };
  return measureEachThenAll(projections, rounds, progress, async (projection) => {
    const result = await rebuildInto(projection, deps, batchSize);
    return { projection: projection.name, events: result.events, seconds: result.seconds };
  });
}

/**
 * Each projection rebuilt in turn by `rebuild`, `rounds` times over (all of them, then all of them
 * again, so that a machine whose speed drifts for minutes at a time slows every projection's runs
 * alike rather than one projection's), then all of them at once (that wall time measured here).
 */
async function measureEachThenAll(
  projections: readonly Projection[],
  rounds: number,
  progress: (line: string) => void,
  rebuild: (projection: Projection) => Promise<RebuildMeasurement>,
): Promise<RebuildReport> {
  const measured: RebuildMeasurement[][] = [];
  for (let round = 1; round <= rounds; round += 1) {
    const each: RebuildMeasurement[] = [];
    for (const projection of projections) {
      const result = await rebuild(projection);
      each.push(result);
      progress(`  round ${round}/${rounds}: rebuilt ${result.projection}: ${result.events} events in ${result.seconds.toFixed(1)} s`);
    }
    measured.push(each);
  }
  const started = process.hrtime.bigint();
  const results = await Promise.all(projections.map(rebuild));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  progress(`  rebuilt all ${projections.length} at once in ${seconds.toFixed(1)} s`);
  return { rounds: measured, concurrent: { projections: projections.length, events: Math.max(0, ...results.map((result) => result.events)), seconds } };
}

/** `ledger rebuild <name>` in its own process against `databaseUrl`; its own report line gives the events and seconds. */
async function ledgerRebuild(databaseUrl: string, name: string): Promise<RebuildMeasurement> {
  const main = join(REPOSITORY, 'dist', 'apps', 'ledger-cli', 'src', 'main.js');
  const cli = spawn(process.execPath, [...npmScriptNodeArgs('ledger'), main, 'rebuild', name], {
    env: { ...Object.fromEntries(Object.entries(process.env).filter(([variable]) => variable !== 'EVENTSTORE_URL' && variable !== 'LEDGER_DATA_DIR')), DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  cli.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => cli.once('exit', resolve));
  const reported = /^(\w+): rebuilt from (\d+) events in ([\d.]+) s/m.exec(output);
  if (code !== 0 || reported === null) throw new Error(`ledger rebuild ${name} exited with ${code}: ${output}`);
  return { projection: reported[1], events: Number(reported[2]), seconds: Number(reported[3]) };
}

/**
 * The same measurement through the real command: `ledger rebuild <name>` for each projection in
 * turn, each in its own process, then all of them as concurrent `ledger rebuild` processes (that
 * wall time includes the processes' start).
 */
export function measureCliRebuilds(databaseUrl: string, projections: readonly Projection[], rounds: number, progress: (line: string) => void): Promise<RebuildReport> {
  return measureEachThenAll(projections, rounds, progress, (projection) => ledgerRebuild(databaseUrl, projection.name));
}
