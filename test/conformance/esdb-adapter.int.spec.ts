import { EventStoreDBClient } from '@eventstore/db-client';
import { EsdbEventStore, StoreUnavailableError, StreamDeletedError } from '@promo-ledger/event-store';
import { EsdbEmulator } from '../support/esdb-emulator/esdb-emulator';
import { apples, conformanceRegistry, uniquePrefix } from './conformance-fixtures';

/** What the esdb adapter adds on top of the shared conformance cases: EventStoreDB-specific mapping. */
describe('esdb adapter on the emulator', () => {
  let emulator: EsdbEmulator;
  let store: EsdbEventStore;

  beforeAll(async () => {
    emulator = await EsdbEmulator.start();
    store = await EsdbEventStore.connect(emulator.connectionString, { registry: conformanceRegistry });
  });
  afterAll(async () => {
    await store.close();
    await emulator.stop();
  });

  it('maps a tombstoned stream to StreamDeletedError', async () => {
    const streamId = `${uniquePrefix('tombstoned')}s`;
    await store.appendToStream(streamId, apples(1), 'no_stream');
    const client = EventStoreDBClient.connectionString(emulator.connectionString);
    await client.tombstoneStream(streamId);
    await client.dispose();
    await expect(store.appendToStream(streamId, apples(1), 'any')).rejects.toBeInstanceOf(StreamDeletedError);
  });

  it('maps an unreachable server to StoreUnavailableError, and works again once it is back', async () => {
    const streamId = `${uniquePrefix('unavailable')}s`;
    await emulator.stop();
    try {
      await expect(store.appendToStream(streamId, apples(1), 'no_stream')).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      await emulator.restart(0);
    }
    await expect(store.appendToStream(streamId, apples(1), 'no_stream')).resolves.toMatchObject({ nextExpectedRevision: 0n });
  });

  it('keeps a recreated stream verifiable and its old events hidden when its metadata is rewritten', async () => {
    const streamId = `${uniquePrefix('recreated')}s`;
    await store.appendToStream(streamId, apples(3), 'no_stream');
    await store.deleteStream(streamId, 2n);
    await store.appendToStream(streamId, apples(2, 3), 'no_stream');
    await store.setStreamMetadata(streamId, { custom: { owner: 'pricing' } });
    expect((await store.readStream(streamId)).map((event) => event.revision)).toEqual([3n, 4n]);
    expect(await store.verifyStream(streamId)).toEqual({ ok: true, streamId, events: 2 });
    expect(await store.getStreamMetadata(streamId)).toEqual({ custom: { owner: 'pricing' } });
  });

  it('leaves EventStoreDB’s own events out of readAll', async () => {
    const streamId = `${uniquePrefix('system')}s`;
    const start = await store.headPosition();
    await store.setStreamMetadata(streamId, { maxCount: 5 });
    await store.appendToStream(streamId, apples(1), 'no_stream');
    const read = await store.readAll({ fromPosition: start });
    expect(read.map((event) => event.streamId)).toEqual([streamId]);
  });
});
