import {
  type AllStreamResolvedEvent, BACKWARDS, END, EventStoreDBClient, FORWARDS, type Position, START, eventTypeFilter, jsonEvent, streamNameFilter,
} from '@eventstore/db-client';
import type { Filter } from '@eventstore/db-client';
import { EsdbEmulator } from './esdb-emulator';

type Seen = { readonly kind: 'event'; readonly type: string; readonly position: Position } | { readonly kind: 'checkpoint'; readonly position: Position } | { readonly kind: 'caughtUp' } | { readonly kind: 'error' };

/** The emulator's reads and $all subscriptions, driven by the real @eventstore/db-client. */
describe('EventStoreDB emulator: reads and subscriptions', () => {
  let emulator: EsdbEmulator;
  let client: EventStoreDBClient;
  const append = (streamId: string, ...types: string[]) => client.appendToStream(streamId, types.map((type) => jsonEvent({ type, data: { type } })));
  const until = async (condition: () => boolean): Promise<void> => {
    for (let waited = 0; !condition(); waited += 10) {
      if (waited > 5_000) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  /** Records what a subscription delivers, in the order the client hands it out. */
  const watch = (filter: Filter | undefined, fromPosition: Position | typeof START = START) => {
    const seen: Seen[] = [];
    const withCheckpoints = filter && { ...filter, checkpointReached: (_: unknown, position: Position) => void seen.push({ kind: 'checkpoint', position }) };
    const subscription = client.subscribeToAll({ fromPosition, filter: withCheckpoints });
    subscription.on('data', ({ event }: AllStreamResolvedEvent) => event && seen.push({ kind: 'event', type: event.type, position: event.position }));
    subscription.on('caughtUp', () => seen.push({ kind: 'caughtUp' }));
    subscription.on('error', () => seen.push({ kind: 'error' }));
    return { seen, types: () => seen.flatMap((s) => (s.kind === 'event' ? [s.type] : [])), stop: () => subscription.unsubscribe() };
  };

  beforeAll(async () => {
    emulator = await EsdbEmulator.start();
    client = EventStoreDBClient.connectionString(emulator.connectionString);
    await append('reads-a', 'A1', 'A2', 'A3');
    await append('reads-b', 'B1');
    await append('other-c', 'C1', 'A4');
  });
  afterAll(async () => {
    await client.dispose();
    await emulator.stop();
  });

  it('reads a stream forwards and backwards from a revision, and applies $maxCount', async () => {
    const types = async (...args: Parameters<typeof client.readStream>) => {
      const read: string[] = [];
      for await (const resolved of client.readStream(...args)) if (resolved.event) read.push(resolved.event.type);
      return read;
    };
    expect(await types('reads-a', { direction: BACKWARDS, fromRevision: END, maxCount: 2 })).toEqual(['A3', 'A2']);
    expect(await types('reads-a', { direction: FORWARDS, fromRevision: 1n })).toEqual(['A2', 'A3']);
    await client.setStreamMetadata('reads-a', { maxCount: 2 });
    expect(await types('reads-a')).toEqual(['A2', 'A3']);
  });

  it('reads $all forwards from a position inclusively and backwards from it exclusively, system events included', async () => {
    const all: AllStreamResolvedEvent[] = [];
    for await (const resolved of client.readAll()) all.push(resolved);
    const third = all[2].event?.position as Position;
    const forwards: string[] = [];
    for await (const resolved of client.readAll({ fromPosition: third, maxCount: 2 })) forwards.push(resolved.event?.type ?? '');
    const backwards: string[] = [];
    for await (const resolved of client.readAll({ fromPosition: third, direction: BACKWARDS })) backwards.push(resolved.event?.type ?? '');
    expect(forwards).toEqual(['A3', 'B1']);
    expect(backwards).toEqual(['A2', 'A1']);
    expect(all.map((resolved) => resolved.event?.type)).toContain('$metadata');
  });

  it('filters a subscription on the server by event-type prefix, stream prefix or regex, then catches up and goes live', async () => {
    const byType = watch(eventTypeFilter({ prefixes: ['A'] }));
    const byStream = watch(streamNameFilter({ prefixes: ['reads-'] }));
    const byRegex = watch(eventTypeFilter({ regex: '^[BC]' }));
    try {
      await until(() => [byType, byStream, byRegex].every((w) => w.seen.some((s) => s.kind === 'caughtUp')));
      expect(byType.types()).toEqual(['A1', 'A2', 'A3', 'A4']);
      expect(byStream.types()).toEqual(['A1', 'A2', 'A3', 'B1']);
      expect(byRegex.types()).toEqual(['B1', 'C1']);
      await append('reads-b', 'A5');
      await until(() => byType.types().includes('A5') && byStream.types().includes('A5'));
      expect(byType.seen.findIndex((s) => s.kind === 'caughtUp')).toBe(4);
    } finally {
      await Promise.all([byType, byStream, byRegex].map((w) => w.stop()));
    }
  });

  it('checkpoints every window × multiplier examined events, starts after the given position, and sends no checkpoints unfiltered', async () => {
    for (let n = 0; n < 12; n += 1) await append('filler', 'Filler');
    const [, second] = await (async () => {
      const positions: Position[] = [];
      for await (const resolved of client.readAll({ maxCount: 2 })) if (resolved.event) positions.push(resolved.event.position);
      return positions;
    })();
    const checkpointing = watch(eventTypeFilter({ prefixes: ['Nothing'], maxSearchWindow: 2, checkpointInterval: 2 }), second);
    const unfiltered = watch(undefined, second);
    try {
      await until(() => [checkpointing, unfiltered].every((w) => w.seen.some((s) => s.kind === 'caughtUp')));
      const checkpoints = checkpointing.seen.flatMap((s) => (s.kind === 'checkpoint' ? [s.position.commit] : []));
      expect(checkpoints.length).toBeGreaterThanOrEqual(3);
      expect(checkpoints.every((commit, index) => commit > second.commit && (index === 0 || commit > checkpoints[index - 1]))).toBe(true);
      expect(unfiltered.types()[0]).toBe('A3');
      expect(unfiltered.seen.some((s) => s.kind === 'checkpoint')).toBe(false);
    } finally {
      await Promise.all([checkpointing.stop(), unfiltered.stop()]);
    }
  });

  it('drops live subscriptions when stopped, and keeps its log and port across a restart', async () => {
    const live = watch(streamNameFilter({ prefixes: ['reads-'] }));
    await until(() => live.seen.some((s) => s.kind === 'caughtUp'));
    const port = emulator.port;
    await emulator.restart(50);
    await until(() => live.seen.some((s) => s.kind === 'error'));
    expect(emulator.port).toBe(port);
    const afterRestart = watch(streamNameFilter({ prefixes: ['reads-a'] }));
    await until(() => afterRestart.seen.some((s) => s.kind === 'caughtUp'));
    expect(afterRestart.types()).toEqual(['A1', 'A2', 'A3']);
    await afterRestart.stop();
  });

  it('lets a test tamper with a stored event, visible to every later read', async () => {
    emulator.tamper('reads-b', 0n, { edited: true });
    const data: unknown[] = [];
    for await (const resolved of client.readStream('reads-b', { maxCount: 1 })) data.push(resolved.event?.data);
    expect(data).toEqual([{ edited: true }]);
  });
});
