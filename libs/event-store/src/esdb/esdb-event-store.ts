import type { Observable } from 'rxjs';
import { WrongExpectedVersionError } from '../port/errors';
import {
  EventStore, type AppendResult, type EventToAppend, type ExpectedRevision, type ReadAllOptions, type ReadStreamOptions, type RecordedEvent,
  type StreamMetadata, type SubscribeOptions, type SubscriptionMessage, type VerifyResult,
} from '../port/event-store.port';
import { type EventTypeRegistry, UnknownEventTypeError } from '../port/event-type-registry';
import { chainHash } from '../port/hash-chain';
import { comparePositions, type Position, START_POSITION } from '../port/position';
import { type AppendConnection, appendWithChain, checkExpected, readHead } from './esdb-append';
import { readStreamMetadata, writeStreamMetadata } from './esdb-metadata';
import { isSystemRecord, storedEvent, toRecordedEvent } from './esdb-records';
import { DEFAULT_SUBSCRIPTION_TUNING, type EsdbSubscriptionTuning, subscribeToAll } from './esdb-subscription';

export interface EsdbEventStoreOptions {
  readonly registry: EventTypeRegistry;
  readonly subscription?: Partial<EsdbSubscriptionTuning>;
}

/** Events per $all read: readAll pages through the log this many at a time, skipping system events. */
const READ_ALL_PAGE = 512;
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

/**
 * The event store on EventStoreDB (`EVENTSTORE_URL=esdb://…`). Positions are EventStoreDB's
 * commit/prepare pair, expected revisions map one to one, and the client sits behind
 * EsdbConnection. The ledger's metadata and hash chain travel in each event's metadata JSON.
 */
export class EsdbEventStore extends EventStore {
  readonly name = 'esdb';
  private readonly closeCallbacks = new Set<() => void>();
  private readonly tuning: EsdbSubscriptionTuning;

  constructor(private readonly connection: AppendConnection, private readonly registry: EventTypeRegistry, tuning: Partial<EsdbSubscriptionTuning> = {}) {
    super();
    this.tuning = { ...DEFAULT_SUBSCRIPTION_TUNING, ...tuning };
  }

  /**
   * Connects lazily: the client opens its channel on the first call. The client library is loaded
   * here, not with this module: a process on PostgreSQL or PGlite never needs it, and it holds
   * ~5 MB of V8's old generation (gRPC and its generated protobuf code) that each major GC marks.
   */
  static async connect(connectionString: string, options: EsdbEventStoreOptions): Promise<EsdbEventStore> {
    const { DbClientConnection } = await import('./db-client-connection');
    return new EsdbEventStore(new DbClientConnection(connectionString), options.registry, options.subscription);
  }

  appendToStream(streamId: string, events: readonly EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const unknown = events.find((event) => !this.registry.has(event.type));
    if (unknown) return Promise.reject(new UnknownEventTypeError(unknown.type));
    return appendWithChain(this.connection, this.registry, streamId, events, expectedRevision);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const direction = options.direction ?? 'forwards';
    const from = options.fromRevision ?? (direction === 'forwards' ? 'start' : 'end');
    const read = await this.connection.readStream(streamId, { direction, from, maxCount: options.maxCount ?? NO_LIMIT });
    return read === 'not_found' ? [] : read.map((record) => toRecordedEvent(record, this.registry));
  }

  /** Forwards is exclusive of `fromPosition` (EventStoreDB is inclusive, so that event is skipped); backwards is exclusive on both. */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const direction = options.direction ?? 'forwards';
    const wanted = options.maxCount ?? NO_LIMIT;
    const collected: RecordedEvent[] = [];
    let from: Position | 'start' | 'end' = options.fromPosition ?? (direction === 'forwards' ? 'start' : 'end');
    for (;;) {
      const page = await this.connection.readAll({ direction, from, maxCount: READ_ALL_PAGE });
      for (const record of page) {
        if (direction === 'forwards' && from !== 'start' && from !== 'end' && comparePositions(record.position, from) <= 0) continue;
        if (!isSystemRecord(record)) collected.push(toRecordedEvent(record, this.registry));
        if (collected.length >= wanted) return collected;
      }
      if (page.length < READ_ALL_PAGE) return collected;
      from = page[page.length - 1].position;
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Observable<SubscriptionMessage> {
    return subscribeToAll(this.connection, this.registry, options, this.tuning, (callback) => {
      this.closeCallbacks.add(callback);
      return () => this.closeCallbacks.delete(callback);
    });
  }

  /**
   * Soft delete, judged like an append on what readers see. A stream that reads as missing has
   * nothing to hide, so deleting it succeeds without a call (EventStoreDB would refuse a stream it
   * never saw). The delete itself is sent at the exact revision read, so a write in between fails it.
   */
  async deleteStream(streamId: string, expectedRevision: ExpectedRevision): Promise<void> {
    const head = await readHead(this.connection, streamId);
    checkExpected(streamId, expectedRevision, head.visible);
    if (head.visible === 'no_stream') return;
    try {
      await this.connection.deleteStream(streamId, head.visible);
    } catch (error) {
      throw error instanceof WrongExpectedVersionError ? new WrongExpectedVersionError(streamId, expectedRevision, error.actual) : error;
    }
  }

  getStreamMetadata(streamId: string): Promise<StreamMetadata> {
    return readStreamMetadata(this.connection, streamId);
  }

  setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    return writeStreamMetadata(this.connection, streamId, metadata);
  }

  /**
   * Walks the events the stream shows. When the first one is not revision 0 (a soft delete, `$tb`
   * or `$maxCount` hid the older ones), the walk starts from its recorded prevHash: EventStoreDB
   * no longer returns what it links to.
   */
  async verifyStream(streamId: string): Promise<VerifyResult> {
    const read = await this.connection.readStream(streamId, { direction: 'forwards', from: 'start', maxCount: NO_LIMIT });
    const events = read === 'not_found' ? [] : read.map(storedEvent);
    let expectedPrev = events.length > 0 && events[0].revision > 0n ? events[0].prevHash : '';
    for (const event of events) {
      if (event.prevHash !== expectedPrev) {
        return { ok: false, streamId, events: events.length, brokenAt: event.revision, reason: 'prevHash does not match the previous event: an event was removed, inserted or reordered' };
      }
      if (chainHash(event.prevHash, event) !== event.hash) {
        return { ok: false, streamId, events: events.length, brokenAt: event.revision, reason: 'hash does not match the content: the event was altered after it was written' };
      }
      expectedPrev = event.hash;
    }
    return { ok: true, streamId, events: events.length };
  }

  async headPosition(): Promise<Position> {
    const [last] = await this.readAll({ direction: 'backwards', maxCount: 1 });
    return last?.position ?? START_POSITION;
  }

  async close(): Promise<void> {
    const callbacks = [...this.closeCallbacks];
    this.closeCallbacks.clear();
    for (const callback of callbacks) callback();
    await this.connection.close();
  }
}
