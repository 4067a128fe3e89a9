import type { Observable } from 'rxjs';
import {
  EventStore, type AppendResult, type EventToAppend, type ExpectedRevision, type Position, type ReadAllOptions, type ReadStreamOptions,
  type RecordedEvent, type StreamMetadata, type StreamReadRequest, type SubscribeOptions, type SubscriptionMessage, type VerifyResult,
} from '@promo-ledger/event-store';

/**
 * A real store (PGlite in the specs) behind a thin layer that counts stream reads and appends, so a spec can
 * assert how many round trips a piece of the app asked for. Every call is forwarded untouched.
 */
export class CountingEventStore extends EventStore {
  readonly name: string;
  /** One entry per readStreams call: what it asked for, as `stream@fromRevision` ('stream' from the start). */
  readonly batches: string[][] = [];
  singleReads = 0;
  /** One entry per appendToStream call: how many events it carried. */
  readonly appends: number[] = [];

  constructor(private readonly inner: EventStore) {
    super();
    this.name = inner.name;
  }

  private held: Promise<void> | null = null;

  override async readStreams(requests: readonly StreamReadRequest[]): Promise<RecordedEvent[][]> {
    this.batches.push(requests.map(({ streamId, fromRevision }) => (fromRevision === undefined ? streamId : `${streamId}@${fromRevision}`)));
    if (this.held !== null) await this.held;
    return this.inner.readStreams(requests);
  }

  /** Batched reads wait (as on a slow database) until the returned function is called. */
  holdReads(): () => void {
    let release!: () => void;
    this.held = new Promise<void>((resolve) => {
      release = resolve;
    });
    return () => {
      this.held = null;
      release();
    };
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.singleReads += 1;
    return this.inner.readStream(streamId, options);
  }

  resetCounts(): void {
    this.batches.length = 0;
    this.singleReads = 0;
    this.appends.length = 0;
  }

  appendToStream(streamId: string, events: readonly EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    this.appends.push(events.length);
    return this.inner.appendToStream(streamId, events, expectedRevision);
  }
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(options);
  }
  subscribeToAll(options?: SubscribeOptions): Observable<SubscriptionMessage> {
    return this.inner.subscribeToAll(options);
  }
  deleteStream(streamId: string, expectedRevision: ExpectedRevision): Promise<void> {
    return this.inner.deleteStream(streamId, expectedRevision);
  }
  getStreamMetadata(streamId: string): Promise<StreamMetadata> {
    return this.inner.getStreamMetadata(streamId);
  }
  setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    return this.inner.setStreamMetadata(streamId, metadata);
  }
  verifyStream(streamId: string): Promise<VerifyResult> {
    return this.inner.verifyStream(streamId);
  }
  headPosition(): Promise<Position> {
    return this.inner.headPosition();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
