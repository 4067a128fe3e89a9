import { credentials } from '@grpc/grpc-js';
import {
  EventStoreDBClient, MaxAppendSizeExceededError, StreamDeletedError, StreamNotFoundError, WrongExpectedVersionError, jsonEvent,
} from '@eventstore/db-client';
import { ServerFeaturesClient } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import type { SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { EsdbEmulator } from './esdb-emulator';

/** The emulator's write rules, driven by the real @eventstore/db-client, against EventStoreDB's documented behaviour. */
describe('EventStoreDB emulator: writes', () => {
  let emulator: EsdbEmulator;
  let client: EventStoreDBClient;
  let streamNumber = 0;
  const stream = (): string => `writes-${++streamNumber}`;
  const events = (count: number) => Array.from({ length: count }, (_, n) => jsonEvent({ type: 'Tested', data: { n } }));
  const revisions = async (streamId: string): Promise<bigint[]> => {
    const read: bigint[] = [];
    for await (const resolved of client.readStream(streamId)) if (resolved.event) read.push(resolved.event.revision);
    return read;
  };
  const failure = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => null, (error: unknown) => error);

  beforeAll(async () => {
    emulator = await EsdbEmulator.start();
    client = EventStoreDBClient.connectionString(emulator.connectionString);
  });
  afterAll(async () => {
    await client.dispose();
    await emulator.stop();
  });

  it('advertises its methods without BatchAppend, so the client takes the plain Append path', async () => {
    const features = new ServerFeaturesClient(`127.0.0.1:${emulator.port}`, credentials.createInsecure());
    const supported = await new Promise<SupportedMethods>((resolve, reject) =>
      features.getSupportedMethods(new Empty(), (error, response) => (error ? reject(error) : resolve(response))),
    );
    features.close();
    const methods = supported.getMethodsList().map((method) => `${method.getServiceName()}/${method.getMethodName()}`);
    expect(methods).toContain('event_store.client.streams.streams/append');
    expect(methods.some((method) => method.endsWith('/batchappend'))).toBe(false);
  });

  it('applies expected revisions and reports the current revision on a conflict', async () => {
    const streamId = stream();
    await expect(client.appendToStream(streamId, events(2), { expectedRevision: 'no_stream' })).resolves.toMatchObject({ nextExpectedRevision: 1n });
    await expect(client.appendToStream(streamId, events(1), { expectedRevision: 1n })).resolves.toMatchObject({ nextExpectedRevision: 2n });
    await expect(client.appendToStream(streamId, events(1), { expectedRevision: 'stream_exists' })).resolves.toMatchObject({ nextExpectedRevision: 3n });
    const conflict = await failure(client.appendToStream(streamId, events(1), { expectedRevision: 'no_stream' }));
    expect(conflict).toBeInstanceOf(WrongExpectedVersionError);
    expect(conflict).toMatchObject({ streamName: streamId, expectedVersion: 'no_stream', actualVersion: 3n });
    await expect(failure(client.appendToStream(stream(), events(1), { expectedRevision: 'stream_exists' }))).resolves.toMatchObject({ actualVersion: 'no_stream' });
  });

  it('treats a retried append of the same event ids as already done (idempotent write)', async () => {
    const streamId = stream();
    const batch = events(3);
    const first = await client.appendToStream(streamId, batch, { expectedRevision: 'no_stream' });
    await expect(client.appendToStream(streamId, batch, { expectedRevision: 'no_stream' })).resolves.toMatchObject({ nextExpectedRevision: 2n, position: first.position });
    expect(await revisions(streamId)).toEqual([0n, 1n, 2n]);
  });

  it('soft-deletes: reads find no stream, no_stream recreates it, revisions continue and old events stay hidden', async () => {
    const streamId = stream();
    await client.appendToStream(streamId, events(2));
    await client.deleteStream(streamId, { expectedRevision: 1n });
    await expect(revisions(streamId)).rejects.toBeInstanceOf(StreamNotFoundError);
    expect(await client.getStreamMetadata(streamId)).toMatchObject({ metadata: { truncateBefore: Number(2n ** 63n - 1n) } });
    await expect(failure(client.appendToStream(streamId, events(1), { expectedRevision: 'stream_exists' }))).resolves.toBeInstanceOf(StreamDeletedError);

    await expect(client.appendToStream(streamId, events(1), { expectedRevision: 'no_stream' })).resolves.toMatchObject({ nextExpectedRevision: 2n });
    expect(await revisions(streamId)).toEqual([2n]);
    expect(await client.getStreamMetadata(streamId)).toMatchObject({ metadata: { truncateBefore: 2 } });
  });

  it('refuses to delete a stream it has never seen, and a delete at the wrong revision', async () => {
    await expect(failure(client.deleteStream(stream()))).resolves.toBeInstanceOf(WrongExpectedVersionError);
    const streamId = stream();
    await client.appendToStream(streamId, events(2));
    await expect(failure(client.deleteStream(streamId, { expectedRevision: 0n }))).resolves.toMatchObject({ actualVersion: 1n });
  });

  it('tombstones: the stream can never be read or written again', async () => {
    const streamId = stream();
    await client.appendToStream(streamId, events(1));
    await client.tombstoneStream(streamId);
    await expect(revisions(streamId)).rejects.toBeInstanceOf(StreamDeletedError);
    await expect(failure(client.appendToStream(streamId, events(1)))).resolves.toBeInstanceOf(StreamDeletedError);
  });

  it('refuses an append larger than its maximum append size (1 MiB by default, as on the server)', async () => {
    const big = jsonEvent({ type: 'Big', data: { blob: 'x'.repeat(1_100_000) } });
    await expect(failure(client.appendToStream(stream(), big))).resolves.toBeInstanceOf(MaxAppendSizeExceededError);
  });
});
