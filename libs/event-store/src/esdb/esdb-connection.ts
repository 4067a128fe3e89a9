import type { JsonObject } from '../port/event-store.port';
import type { Position } from '../port/position';

/**
 * The seam between the esdb adapter and the EventStoreDB client library. Everything the adapter
 * needs from the server goes through this interface, in the port's own types, with the port's
 * errors (WrongExpectedVersionError, StreamDeletedError, StoreUnavailableError) already mapped.
 * Moving from @eventstore/db-client to @kurrent/kurrentdb-client means writing one more
 * implementation of it (see db-client-connection.ts); the adapter does not change.
 */
export type EsdbExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

/** One event as the server stores it: data and metadata are the JSON the adapter wrote. */
export interface EsdbRecord {
  readonly streamId: string;
  readonly revision: bigint;
  readonly type: string;
  readonly position: Position;
  readonly data: unknown;
  readonly metadata: unknown;
}

export interface EsdbProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

export interface EsdbReadStreamOptions {
  readonly direction: 'forwards' | 'backwards';
  readonly from: bigint | 'start' | 'end';
  readonly maxCount: number;
}

export interface EsdbReadAllOptions {
  readonly direction: 'forwards' | 'backwards';
  /** Forwards: events at or after it (EventStoreDB is inclusive); backwards: strictly before it. */
  readonly from: Position | 'start' | 'end';
  readonly maxCount: number;
}

/** A server-side $all filter: EventStoreDB filters on the stream name or the event type, never both. */
export type EsdbServerFilter =
  | { readonly on: 'streamName'; readonly prefixes: readonly string[] }
  | { readonly on: 'eventType'; readonly prefixes: readonly string[] }
  | { readonly on: 'eventType'; readonly regex: string };

export interface EsdbSubscribeOptions {
  /** Exclusive. */
  readonly from: Position | 'start';
  readonly filter: EsdbServerFilter;
  /** Examined events between checkpoints; the server rounds it to its search window. */
  readonly checkpointInterval: number;
}

/** Called in server order: a checkpoint or caught-up signal never overtakes an event sent before it. */
export interface EsdbSubscriptionHandlers {
  onEvent(record: EsdbRecord): void;
  onCheckpoint(position: Position): void;
  onCaughtUp(): void;
  /** The server or the connection ended the subscription; called at most once, never after unsubscribe. */
  onDropped(error: unknown): void;
}

export interface EsdbSubscriptionHandle {
  unsubscribe(): Promise<void>;
}

export interface EsdbConnection {
  append(streamId: string, events: readonly EsdbProposedEvent[], expected: EsdbExpectedRevision): Promise<{ readonly nextRevision: bigint; readonly position: Position | null }>;
  /** 'not_found' for a stream never written or soft-deleted (EventStoreDB answers stream-not-found). */
  readStream(streamId: string, options: EsdbReadStreamOptions): Promise<EsdbRecord[] | 'not_found'>;
  readAll(options: EsdbReadAllOptions): Promise<EsdbRecord[]>;
  /** Soft delete (EventStoreDB's Delete, not Tombstone). */
  deleteStream(streamId: string, expected: 'any' | 'no_stream' | bigint): Promise<void>;
  subscribeToAll(options: EsdbSubscribeOptions, handlers: EsdbSubscriptionHandlers): EsdbSubscriptionHandle;
  close(): Promise<void>;
}
