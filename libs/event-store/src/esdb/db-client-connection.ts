import type { Channel } from '@grpc/grpc-js';
import {
  BACKWARDS, END, EventStoreDBClient, FORWARDS, START, StreamNotFoundError, WrongExpectedVersionError as ClientWrongExpectedVersionError,
  jsonEvent,
} from '@eventstore/db-client';
import { toEsdbRecord, toPortError } from './db-client-mapping';
import { subscribeWithDbClient } from './db-client-subscription';
import type {
  EsdbConnection, EsdbExpectedRevision, EsdbProposedEvent, EsdbReadAllOptions, EsdbReadStreamOptions, EsdbRecord, EsdbSubscribeOptions,
  EsdbSubscriptionHandle, EsdbSubscriptionHandlers,
} from './esdb-connection';

/** Larger than any real revision: an append expecting it always fails and reports the current revision. */
const IMPOSSIBLE_REVISION = 2n ** 62n;

/** EsdbConnection on @eventstore/db-client (gRPC). */
export class DbClientConnection implements EsdbConnection {
  private readonly client: EventStoreDBClient;

  constructor(connectionString: string) {
    this.client = EventStoreDBClient.connectionString(connectionString);
  }

  async append(streamId: string, events: readonly EsdbProposedEvent[], expected: EsdbExpectedRevision): Promise<{ nextRevision: bigint; position: { commit: bigint; prepare: bigint } | null }> {
    try {
      const proposed = events.map((event) => jsonEvent({ id: event.id, type: event.type, data: event.data, metadata: event.metadata }));
      const result = await this.client.appendToStream(streamId, proposed, { expectedRevision: expected });
      return { nextRevision: result.nextExpectedRevision, position: result.position ?? null };
    } catch (error) {
      throw toPortError(error, streamId, expected);
    }
  }

  /**
   * The last revision written to a stream, hidden events included: a soft-deleted stream reads as
   * not found, yet its revisions continue. EventStoreDB has no call for it, so this asks with an
   * empty append at an impossible expected revision, which writes nothing and is always refused
   * with the current revision (EventStoreDB's idempotency and soft-undelete rules do not apply to it).
   */
  async lastRevision(streamId: string): Promise<bigint | 'no_stream'> {
    try {
      await this.client.appendToStream(streamId, [], { expectedRevision: IMPOSSIBLE_REVISION });
    } catch (error) {
      if (error instanceof ClientWrongExpectedVersionError) return typeof error.actualVersion === 'bigint' && error.actualVersion >= 0n ? error.actualVersion : 'no_stream';
      throw toPortError(error, streamId);
    }
    throw new Error(`EventStoreDB accepted an append to ${streamId} at revision ${IMPOSSIBLE_REVISION}`);
  }

  async readStream(streamId: string, { direction, from, maxCount }: EsdbReadStreamOptions): Promise<EsdbRecord[] | 'not_found'> {
    const records: EsdbRecord[] = [];
    try {
      const fromRevision = from === 'start' ? START : from === 'end' ? END : from;
      for await (const resolved of this.client.readStream(streamId, { direction: direction === 'forwards' ? FORWARDS : BACKWARDS, fromRevision, maxCount })) {
        if (resolved.event) records.push(toEsdbRecord(resolved.event));
      }
      return records;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return 'not_found';
      throw toPortError(error, streamId);
    }
  }

  async readAll({ direction, from, maxCount }: EsdbReadAllOptions): Promise<EsdbRecord[]> {
    const records: EsdbRecord[] = [];
    try {
      const fromPosition = from === 'start' ? START : from === 'end' ? END : from;
      for await (const resolved of this.client.readAll({ direction: direction === 'forwards' ? FORWARDS : BACKWARDS, fromPosition, maxCount })) {
        if (resolved.event) records.push(toEsdbRecord(resolved.event));
      }
      return records;
    } catch (error) {
      throw toPortError(error, '$all');
    }
  }

  async deleteStream(streamId: string, expected: 'any' | 'no_stream' | bigint): Promise<void> {
    try {
      await this.client.deleteStream(streamId, { expectedRevision: expected });
    } catch (error) {
      throw toPortError(error, streamId, expected);
    }
  }

  subscribeToAll(options: EsdbSubscribeOptions, handlers: EsdbSubscriptionHandlers): EsdbSubscriptionHandle {
    return subscribeWithDbClient(this.client, options, handlers);
  }

  /**
   * dispose() cancels the client's calls but leaves its gRPC channel (and socket) open; closing the
   * channel too lets the process exit. getChannel is protected in the client's typings, hence the cast.
   */
  async close(): Promise<void> {
    await this.client.dispose();
    const internals = this.client as unknown as { getChannel(): Promise<Channel> };
    (await internals.getChannel()).close();
  }
}
