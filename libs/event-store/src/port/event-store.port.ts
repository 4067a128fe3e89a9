import type { Observable } from 'rxjs';
import { WrongExpectedVersionError } from './errors';
import type { ExpectedRevision } from './expected-revision';
import type { Position } from './position';

export type { ExpectedRevision } from './expected-revision';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface Actor {
  readonly keyId: string;
  readonly role: string;
}

/** What the caller supplies with each event; the store completes it (see RecordedMetadata). */
export interface AppendMetadata {
  readonly eventId: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly actor: Actor | null;
  readonly idempotencyKey: string | null;
  readonly occurredAt: string;
}

export interface EventToAppend {
  /** A stored type name from the event registry; never a class name. */
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: AppendMetadata;
}

export interface RecordedMetadata extends AppendMetadata {
  readonly schemaVersion: number;
  /** sha256 hex of the stream's previous event ('' for the first), chained into `hash`. */
  readonly prevHash: string;
  readonly hash: string;
}

export interface RecordedEvent {
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: Position;
  readonly type: string;
  /** Upcast to the registry's current schema version on read. */
  readonly data: JsonObject;
  readonly metadata: RecordedMetadata;
}

export interface AppendResult {
  /** The stream's revision after the append: pass it as the next expected revision. */
  readonly nextExpectedRevision: bigint;
  /** Position of the last appended event. */
  readonly position: Position;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive; default: the start (forwards) or the end (backwards). */
  readonly fromRevision?: bigint;
  readonly maxCount?: number;
}

/** Another stream an append's decision read, and the revision it read it at (-1n: it did not exist). */
export interface StreamCondition {
  readonly streamId: string;
  readonly revision: bigint;
}

/** One stream's append in a batch of appends (see EventStore.appendToStreams). */
export interface StreamAppendRequest {
  readonly streamId: string;
  readonly events: readonly EventToAppend[];
  readonly expectedRevision: ExpectedRevision;
  /**
   * Other streams the decision relied on: the append goes through only if each is still at the
   * revision given (a soft-deleted stream counts as -1n), and otherwise fails with the
   * WrongExpectedVersionError of the first that moved (its streamId is that stream's) and appends
   * nothing. The SQL adapters check it in the append's own statement, holding those streams' heads
   * until the commit, so no append to them lands in between; the default (EventStoreDB, which has no
   * condition on another stream) reads their heads just before appending, which narrows that window
   * but cannot close it. In a batch, such a request is judged after the batch's appends to the
   * streams it names (judgedAfterTheirBatch).
   */
  readonly unchanged?: readonly StreamCondition[];
}

/** One stream of a batched forwards read (see EventStore.readStreams). */
export interface StreamReadRequest {
  readonly streamId: string;
  /** Inclusive; default: the start of the stream. */
  readonly fromRevision?: bigint;
  /** At most this many events (a page of a long stream); default: all of them. */
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Exclusive when reading forwards from a checkpoint: events strictly after it. */
  readonly fromPosition?: Position;
  readonly maxCount?: number;
  /**
   * Answer at once with what is readable now. By default a read briefly waits for events that are
   * committed but not yet readable in order (so a caller reads its own appends); a poller that
   * comes back anyway (a projection runner) passes true and never waits.
   */
  readonly noWait?: boolean;
}

export interface SubscriptionFilter {
  readonly eventTypePrefixes?: readonly string[];
  readonly streamPrefixes?: readonly string[];
}

export interface SubscribeOptions {
  /** Deliver events strictly after this position; absent: from the start of the log. */
  readonly fromPosition?: Position;
  readonly filter?: SubscriptionFilter;
  /** Emit a checkpoint at least every this many examined events even if the filter skipped them all. */
  readonly checkpointInterval?: number;
}

export type SubscriptionMessage =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  /** Everything up to `position` has been examined; persist it to resume from. */
  | { readonly kind: 'checkpoint'; readonly position: Position }
  /** The catch-up phase reached the head of the log; live delivery follows. */
  | { readonly kind: 'caughtUp'; readonly position: Position };

export interface StreamMetadata {
  readonly maxCount?: number;
  readonly custom?: JsonObject;
}

export interface AppendWatcher {
  readonly onAppend: () => void;
  readonly onLost: () => void;
}

export type VerifyResult =
  | { readonly ok: true; readonly streamId: string; readonly events: number }
  | { readonly ok: false; readonly streamId: string; readonly events: number; readonly brokenAt: bigint; readonly reason: string };

/**
 * The one port every adapter implements (pglite, postgres, esdb) and the conformance suite checks.
 * Also the Nest DI token: inject `EventStore`, never an adapter class.
 * A missing stream reads as an empty array (never an error), in every adapter.
 */
export abstract class EventStore {
  abstract readonly name: string;
  abstract appendToStream(streamId: string, events: readonly EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  abstract readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * Reads several streams forwards at once: answer i is what `readStream(requests[i].streamId,
   * { fromRevision, maxCount })` would answer (a missing or deleted stream is [], events upcast). A request may
   * appear twice; each gets its own answer. Adapters whose storage can do it in one round trip
   * override this (the SQL adapters); the default issues the reads concurrently.
   */
  readStreams(requests: readonly StreamReadRequest[]): Promise<RecordedEvent[][]> {
    return Promise.all(requests.map(({ streamId, fromRevision, maxCount }) => this.readStream(streamId, { ...(fromRevision === undefined ? {} : { fromRevision }), ...(maxCount === undefined ? {} : { maxCount }) })));
  }

  /**
   * Appends to several streams at once, each on its own: answer i is what `appendToStream(requests[i]…)`
   * would resolve to, or the error it would throw (a WrongExpectedVersionError for one stream leaves
   * the others appended). Not atomic across streams. Appends to the same stream are applied in
   * request order. The SQL adapters send the appends at known heads in one statement; the default
   * appends one stream after another's turn, streams side by side, each after reading the heads of
   * the streams it names `unchanged`.
   */
  async appendToStreams(requests: readonly StreamAppendRequest[]): Promise<(AppendResult | Error)[]> {
    const append = async (request: StreamAppendRequest): Promise<AppendResult> => {
      await this.checkUnchanged(request.unchanged ?? []);
      return this.appendToStream(request.streamId, request.events, request.expectedRevision);
    };
    const later = judgedAfterTheirBatch(requests);
    const answers = await appendEachInTurn(requests.filter((request) => !later.has(request)), append);
    const laterAnswers = await appendEachInTurn([...later], append);
    return mergeAnswers(requests, later, answers, laterAnswers);
  }

  /** Throws the WrongExpectedVersionError of the first stream not at its revision (read now, without holding it). */
  protected async checkUnchanged(conditions: readonly StreamCondition[]): Promise<void> {
    // side by side: a checkout names each of its prices, campaigns and the registry
    const heads = await Promise.all(conditions.map(({ streamId }) => this.readStream(streamId, { direction: 'backwards', maxCount: 1 })));
    conditions.forEach(({ streamId, revision }, index) => {
      const actual = heads[index][0]?.revision ?? -1n;
      if (actual !== revision) throw new WrongExpectedVersionError(streamId, revision < 0n ? 'no_stream' : revision, actual < 0n ? 'no_stream' : actual);
    });
  }

  abstract readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Catch-up then live, in global order, filtered. Unsubscribing stops it. If the store goes away
   * the subscription resubscribes from the last delivered position without loss or duplicates.
   */
  abstract subscribeToAll(options?: SubscribeOptions): Observable<SubscriptionMessage>;

  /**
   * Tells `watcher.onAppend` soon after any writer the store can see appends, without reading the
   * events (a reader that pulls with readAll only needs to know when to look); `onLost` when the
   * watch broke and should be set up again. Resolves to the function that stops watching. The
   * default is a live subscription from the head; the SQL adapters listen to their NOTIFY channel.
   */
  async watchAppends(watcher: AppendWatcher): Promise<() => Promise<void>> {
    const subscription = this.subscribeToAll({ fromPosition: await this.headPosition() }).subscribe({
      next: () => watcher.onAppend(),
      error: () => watcher.onLost(),
      complete: () => watcher.onLost(),
    });
    return () => Promise.resolve(subscription.unsubscribe());
  }
  /** Soft delete: reads see no stream, `no_stream` appends recreate it, revisions continue. */
  abstract deleteStream(streamId: string, expectedRevision: ExpectedRevision): Promise<void>;
  abstract getStreamMetadata(streamId: string): Promise<StreamMetadata>;
  abstract setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void>;
  abstract verifyStream(streamId: string): Promise<VerifyResult>;
  /** The last position in the log (START_POSITION when empty); for lag and readiness. */
  abstract headPosition(): Promise<Position>;
  abstract close(): Promise<void>;
}

/**
 * The requests that name `unchanged` a stream another request of the same batch appends to: every
 * adapter judges them after the rest of the batch, so they see that append (and fail on it) rather
 * than commit beside it.
 */
export function judgedAfterTheirBatch(requests: readonly StreamAppendRequest[]): ReadonlySet<StreamAppendRequest> {
  const appended = new Set(requests.filter((request) => request.events.length > 0).map((request) => request.streamId));
  return new Set(requests.filter((request) => request.unchanged?.some((condition) => appended.has(condition.streamId)) === true));
}

/** Answers in request order, from the answers of the requests judged first and of those judged after them. */
export function mergeAnswers<T>(requests: readonly StreamAppendRequest[], later: ReadonlySet<StreamAppendRequest>, first: readonly T[], after: readonly T[]): T[] {
  let [atFirst, atAfter] = [0, 0];
  return requests.map((request) => (later.has(request) ? after[atAfter++] : first[atFirst++]));
}

/** Each request through `append`: streams side by side, one stream's requests in order; a failure is that request's answer. */
export async function appendEachInTurn(
  requests: readonly StreamAppendRequest[],
  append: (request: StreamAppendRequest) => Promise<AppendResult>,
): Promise<(AppendResult | Error)[]> {
  const answers: (AppendResult | Error)[] = new Array<AppendResult | Error>(requests.length);
  const byStream = new Map<string, number[]>();
  requests.forEach((request, index) => byStream.set(request.streamId, [...(byStream.get(request.streamId) ?? []), index]));
  await Promise.all(
    [...byStream.values()].map(async (indexes) => {
      for (const index of indexes) {
        answers[index] = await append(requests[index]).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
      }
    }),
  );
  return answers;
}
