import { comparePositions, type SqlExecutor } from '@promo-ledger/event-store';
import { appendTicks, countingProjection, type EngineTarget, foldingCountingProjection, openEngineTarget } from '../testing/engine-harness';
import { fixtureTargets } from '../testing/projection-fixture';
import { BatchApplier } from './batch-applier';
import { FenceError, Generations } from './generations';
import { InProcessLeases } from './lease';
import { ProjectionHost } from './projection-host';
import { LAG_PROBE_LIMIT, ProgressReader } from './projection-progress';
import { rebuildProjection } from './rebuild';

const FAST = { batchSize: 50, idlePollMs: 50, leaseRetryMs: 50, errorBackoffMs: 50, lingerMs: 5 };

describe.each(fixtureTargets())('projection engine on %s', (targetName) => {
  let target: EngineTarget;
  let db: SqlExecutor;
  const hosts: ProjectionHost[] = [];

  beforeEach(async () => {
    target = await openEngineTarget(targetName);
    db = target.store.executor;
  });
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((host) => host.stop()));
    await target.dispose();
  });

  function host(projection = countingProjection()): ProjectionHost {
    const started = new ProjectionHost({ store: target.store, db, schema: target.schema, leases: new InProcessLeases(), projections: [projection], tuning: FAST });
    hosts.push(started);
    return started;
  }

  async function counts(name = 'engine_counts'): Promise<Record<string, number>> {
    const rows = await db.query<{ stream_id: string; events: string | number }>(`SELECT stream_id, events FROM ${target.schema.view(`${name}_streams`)} ORDER BY stream_id`);
    return Object.fromEntries(rows.map((row) => [row.stream_id, Number(row.events)]));
  }

  async function caughtUp(name = 'engine_counts'): Promise<void> {
    const head = await target.store.headPosition();
    const reached = await new ProgressReader(db, target.schema).waitFor([name], head, 20_000);
    expect(reached).toBe(true);
  }

  it('catches up in batches from the start, then follows the log live, applying each event once', async () => {
    await appendTicks(target.store, 'tick-a', 120, 7);
    await appendTicks(target.store, 'tick-b', 30);
    const running = host();
    await running.start();
    await caughtUp();
    expect(await counts()).toEqual({ 'tick-a': 120, 'tick-b': 30 });

    await appendTicks(target.store, 'tick-b', 5);
    await caughtUp();
    expect(await counts()).toEqual({ 'tick-a': 120, 'tick-b': 35 });
    expect(running.status()[0]).toMatchObject({ projection: 'engine_counts', phase: 'live', generation: 1, lastError: null });
  });

  it('resumes from the stored checkpoint after a restart without counting anything twice', async () => {
    await appendTicks(target.store, 'tick-a', 60, 10);
    const first = host();
    await first.start();
    await caughtUp();
    await first.stop();
    await appendTicks(target.store, 'tick-a', 40, 10);
    await host().start();
    await caughtUp();
    expect(await counts()).toEqual({ 'tick-a': 100 });
    const [progress] = await new ProgressReader(db, target.schema).progress(['engine_counts']);
    expect(progress.eventsApplied).toBe(100);
  });

  it('fences a stale instance: a batch from a checkpoint that moved on applies nothing', async () => {
    const projection = countingProjection();
    const generations = new Generations(db, target.schema);
    const active = await generations.ensureActive(projection);
    await appendTicks(target.store, 'tick-a', 10);
    const deps = { store: target.store, db, schema: target.schema, generations };
    const current = new BatchApplier(projection, deps, active.generation, active.checkpoint, true, 5);
    const stale = new BatchApplier(projection, deps, active.generation, active.checkpoint, true, 5);
    const { batch } = await current.step();
    expect(batch?.events).toHaveLength(5);
    await expect(stale.step()).rejects.toBeInstanceOf(FenceError);
    expect(await counts()).toEqual({ 'tick-a': 5 });
  });

  it('waitFor answers false while a position is not applied and true once it is', async () => {
    const running = host();
    await running.start();
    await appendTicks(target.store, 'tick-a', 3);
    const head = await target.store.headPosition();
    const progress = new ProgressReader(db, target.schema);
    await running.stop();
    await appendTicks(target.store, 'tick-a', 1);
    const later = await target.store.headPosition();
    expect(comparePositions(later, head)).toBeGreaterThan(0);
    expect(await progress.waitFor(['engine_counts'], later, 200)).toBe(false);
    const [lag] = await progress.lag(target.store, ['engine_counts']);
    expect(lag.lagEvents).toBeGreaterThanOrEqual(1);
    await host().start();
    expect(await progress.waitFor(['engine_counts'], later, 20_000)).toBe(true);
    const [caught] = await progress.lag(target.store, ['engine_counts']);
    expect(caught).toMatchObject({ lagEvents: 0, lagSeconds: 0 });
  });

  it('counts the events ahead up to LAG_PROBE_LIMIT, says so when it stops there, and reads once for projections at one checkpoint', async () => {
    const both = [countingProjection(), foldingCountingProjection()];
    const running = new ProjectionHost({ store: target.store, db, schema: target.schema, leases: new InProcessLeases(), projections: both, tuning: FAST });
    hosts.push(running);
    await appendTicks(target.store, 'tick-a', 10);
    await running.start();
    await caughtUp('engine_counts');
    await caughtUp('engine_folded_counts');
    await running.stop();
    const behindSince = Date.now();
    await appendTicks(target.store, 'tick-a', LAG_PROBE_LIMIT + 5, 100);

    const reads = jest.spyOn(target.store, 'readAll');
    const lag = await new ProgressReader(db, target.schema).lag(target.store, ['engine_counts', 'engine_folded_counts']);
    expect(lag.map((entry) => [entry.projection, entry.lagEvents, entry.lagEventsAtLeast])).toEqual([
      ['engine_counts', LAG_PROBE_LIMIT, true],
      ['engine_folded_counts', LAG_PROBE_LIMIT, true],
    ]);
    // the age is the oldest unapplied event's, appended after the stop (not the first event of the log)
    expect(lag[0].lagSeconds).toBeLessThanOrEqual((Date.now() - behindSince) / 1000);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('rebuilds into a fresh generation while the old one serves, swaps, and the live runner follows the new one', async () => {
    await appendTicks(target.store, 'tick-a', 80, 8);
    const running = host();
    await running.start();
    await caughtUp();
    const before = await counts();

    const generations = new Generations(db, target.schema);
    const result = await rebuildProjection(countingProjection(), { store: target.store, db, schema: target.schema, generations, leases: new InProcessLeases() }, 30);
    expect(result).toMatchObject({ generation: 2, previousGeneration: 1, events: 80 });
    expect(await counts()).toEqual(before);
    const oldTable = await db.query(`SELECT to_regclass($1) AS exists`, [`${target.schema.schema}.engine_counts_streams__g1`]);
    expect(oldTable[0]).toEqual({ exists: null });

    await appendTicks(target.store, 'tick-c', 4);
    await caughtUp();
    expect(await counts()).toEqual({ ...before, 'tick-c': 4 });
    expect(running.status()[0].generation).toBe(2);
  });

  it('a rebuild folds each batch while the one before it is written, and counts every event once', async () => {
    // two streams taking turns, four events each: with batches of four, batch N+2 reads the stream batch N wrote
    for (let round = 0; round < 15; round += 1) for (const streamId of ['tick-a', 'tick-b']) await appendTicks(target.store, streamId, 4, 4);
    const generations = new Generations(db, target.schema);
    const deps = { store: target.store, db, schema: target.schema, generations, leases: new InProcessLeases() };
    const seen: number[] = [];
    const result = await rebuildProjection(foldingCountingProjection({ writeDelayMs: 20 }), deps, 4, (progress) => seen.push(progress.events));
    expect(result).toMatchObject({ generation: 2, events: 120 });
    expect(seen).toEqual(Array.from({ length: 30 }, (_, index) => (index + 1) * 4));
    expect(await counts('engine_folded_counts')).toEqual({ 'tick-a': 60, 'tick-b': 60 });
  });

  it('a rebuild whose write fails mid-way swaps nothing and drops what it built', async () => {
    await appendTicks(target.store, 'tick-a', 40, 4);
    const generations = new Generations(db, target.schema);
    const deps = { store: target.store, db, schema: target.schema, generations, leases: new InProcessLeases() };
    await rebuildProjection(foldingCountingProjection(), deps, 10);
    await appendTicks(target.store, 'tick-b', 40, 4);
    await expect(rebuildProjection(foldingCountingProjection({ failWrite: (batch) => batch === 5 }), deps, 10)).rejects.toThrow('batch 5 failed to write');
    expect(await generations.active(db, foldingCountingProjection())).toMatchObject({ generation: 2 });
    expect(await counts('engine_folded_counts')).toEqual({ 'tick-a': 40 });
    const abandoned = await db.query(`SELECT to_regclass($1) AS exists`, [`${target.schema.schema}.engine_folded_counts_streams__g3`]);
    expect(abandoned[0]).toEqual({ exists: null });
  });

  it('a new projection version is rebuilt and swapped in when the runner starts', async () => {
    await appendTicks(target.store, 'tick-a', 25, 5);
    const first = host(countingProjection(1));
    await first.start();
    await caughtUp();
    await first.stop();
    await host(countingProjection(2)).start();
    const generations = new Generations(db, target.schema);
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const active = await generations.active(db, countingProjection(2));
      if (active?.version === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await generations.active(db, countingProjection(2))).toMatchObject({ generation: 2, version: 2 });
    await caughtUp();
    expect(await counts()).toEqual({ 'tick-a': 25 });
  });

  it('two runners in one process: the lease lets only one apply', async () => {
    await appendTicks(target.store, 'tick-a', 40, 4);
    const leases = new InProcessLeases();
    const options = { store: target.store, db, schema: target.schema, leases, projections: [countingProjection()], tuning: FAST };
    const one = new ProjectionHost(options);
    const two = new ProjectionHost(options);
    hosts.push(one, two);
    await one.start();
    await two.start();
    await caughtUp();
    // the lease holder writes its checkpoint before it sets its phase: under load a poll can fall in between
    const phases = (): string[] => [one.status()[0].phase, two.status()[0].phase].sort();
    for (const deadline = Date.now() + 10_000; phases().includes('starting') && Date.now() < deadline;) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(phases()).toEqual(['live', 'standby']);
    expect(await counts()).toEqual({ 'tick-a': 40 });
  });
});
