import type { Observable } from 'rxjs';
import { UnknownEventTypeError } from '../port/event-type-registry';
import {
  appendEachInTurn, EventStore, type AppendResult, type AppendWatcher, type EventToAppend, type ExpectedRevision, type ReadAllOptions, type ReadStreamOptions,
  judgedAfterTheirBatch, mergeAnswers, type RecordedEvent, type StreamAppendRequest, type StreamCondition, type StreamMetadata, type StreamReadRequest, type SubscribeOptions, type SubscriptionMessage, type VerifyResult,
} from '../port/event-store.port';
import type { EventTypeRegistry } from '../port/event-type-registry';
import type { Position } from '../port/position';
import {
  type Appended, appendAtKnownHeads, appendLocked, checkExpectedRevision, type KnownHead, type KnownHeadAppend, lockStream, MAX_EVENTS_AT_KNOWN_HEAD,
} from './sql-append';
import type { SqlExecutor } from './sql-executor';
import * as reads from './sql-reads';
import { migrate, type SqlTables, tablesFor } from './sql-schema';
import { DEFAULT_TUNING, subscribeToAll, type SubscriptionTuning } from './sql-subscription';
import { type StreamHeads, streamHeadsFor } from './stream-heads';
import { StreamTips } from './stream-tips';

export interface SqlEventStoreOptions {
  readonly registry: EventTypeRegistry;
  /** PostgreSQL schema holding the tables (created if missing); default "public". */
  readonly schema?: string;
  readonly subscription?: Partial<SubscriptionTuning>;
}

/** How long readAll waits for events held back by an older open transaction before returning the stable part. */
const READ_YOUR_WRITES_MS = 1_000;

/**
 * The event store on PostgreSQL, whichever driver carries the SQL (PGlite or `pg`): the pglite and
 * postgres adapters are this class with a different SqlExecutor. Migrates its schema on open().
 */
export class SqlEventStore extends EventStore {
  readonly name: string;
  private readonly tables: SqlTables;
  private readonly closeCallbacks = new Set<() => Promise<void>>();
  /** Known stream heads when this process is the database's only client (PGlite), else null. */
  private readonly heads: StreamHeads | null;
  /** The newest event seen of each stream, so most appends take one statement (appendAtKnownHeads). */
  private readonly tips = new StreamTips();

  private constructor(
    readonly executor: SqlExecutor,
    private readonly registry: EventTypeRegistry,
    schema: string,
    private readonly tuning: SubscriptionTuning,
  ) {
    super();
    this.name = executor.kind;
    this.tables = tablesFor(schema);
    this.heads = streamHeadsFor(executor, schema);
  }

  static async open(executor: SqlExecutor, options: SqlEventStoreOptions): Promise<SqlEventStore> {
    const store = new SqlEventStore(executor, options.registry, options.schema ?? 'public', { ...DEFAULT_TUNING, ...options.subscription });
    await migrate(executor, store.tables);
    return store;
  }

  async appendToStream(streamId: string, events: readonly EventToAppend[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const [answer] = await this.appendToStreams([{ streamId, events, expectedRevision }]);
    if (answer instanceof Error) throw answer;
    return answer;
  }

  /**
   * The appends at the head this process last saw, one per stream, go in one statement
   * (appendAtKnownHeads); every other one — and any whose head had moved — takes the locked path,
   * after the statement, in request order per stream.
   */
  override async appendToStreams(requests: readonly StreamAppendRequest[]): Promise<(AppendResult | Error)[]> {
    const later = judgedAfterTheirBatch(requests);
    if (later.size === 0) return this.appendBatch(requests);
    const first = await this.appendBatch(requests.filter((request) => !later.has(request)));
    return mergeAnswers(requests, later, first, await this.appendBatch([...later]));
  }

  private async appendBatch(requests: readonly StreamAppendRequest[]): Promise<(AppendResult | Error)[]> {
    const together: { readonly index: number; readonly append: KnownHeadAppend }[] = [];
    const streams = new Set<string>();
    requests.forEach(({ streamId, events, expectedRevision, unchanged }, index) => {
      // only a stream's first request may go ahead of the others: its later ones follow it in order
      const first = !streams.has(streamId);
      streams.add(streamId);
      const head = first && events.every((event) => this.registry.has(event.type)) ? this.knownHead(streamId, events, expectedRevision) : undefined;
      if (head !== undefined) together.push({ index, append: { streamId, events, head, ...(unchanged === undefined ? {} : { unchanged }) } });
    });
    const answers = new Map<number, AppendResult | Error>();
    if (together.length > 0) {
      // Moved before the statement commits, so no read queued behind it can take a stream for empty
      // past its old head; a head set too far only sends more reads to the database.
      for (const { append } of together) this.heads?.advance(append.streamId, append.head.revision + BigInt(append.events.length));
      // a failed statement wrote nothing: each of its appends then takes the locked path
      const appended = await appendAtKnownHeads(this.executor, this.tables, this.registry, together.map(({ append }) => append)).catch(() => null);
      together.forEach(({ index, append }, at) => {
        const result = appended?.[at];
        if (result) answers.set(index, this.learned(append.streamId, result));
      });
    }
    const rest = requests.flatMap((request, index) => (answers.has(index) ? [] : [{ request, index }]));
    const locked = await appendEachInTurn(
      rest.map(({ request }) => request),
      async ({ streamId, events, expectedRevision, unchanged }) => {
        this.checkTypes(events);
        return this.learned(streamId, await this.appendWithLock(streamId, events, expectedRevision, unchanged));
      },
    );
    rest.forEach(({ index }, at) => answers.set(index, locked[at]));
    return requests.map((_, index) => answers.get(index) as AppendResult | Error);
  }

  private checkTypes(events: readonly EventToAppend[]): void {
    const unknown = events.find((event) => !this.registry.has(event.type));
    if (unknown) throw new UnknownEventTypeError(unknown.type);
  }

  private learned(streamId: string, appended: Appended): AppendResult {
    this.tips.learn(streamId, appended.nextExpectedRevision, appended.lastHash);
    return { nextExpectedRevision: appended.nextExpectedRevision, position: appended.position };
  }

  /** The head to append after in one statement: the expected revision is the head this process last saw, and the append is small. */
  private knownHead(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): KnownHead | undefined {
    if (events.length === 0 || events.length > MAX_EVENTS_AT_KNOWN_HEAD || (typeof expected !== 'bigint' && expected !== 'no_stream')) return undefined;
    return this.tips.headAt(streamId, expected);
  }

  private appendWithLock(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision, unchanged: readonly StreamCondition[] = []): Promise<Appended> {
    return this.executor.transaction(async (tx) => {
      const appended = await appendLocked(tx, this.tables, this.registry, streamId, events, expected, this.executor.serialisesTransactions, unchanged);
      // set before the transaction's promise settles, so no read queued behind the commit can miss it
      this.heads?.advance(streamId, appended.nextExpectedRevision);
      return appended;
    });
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const forwards = options?.direction !== 'backwards';
    if (forwards && this.heads?.knownEmpty(streamId, options?.fromRevision)) return [];
    const events = await reads.readStream(this.executor, this.tables, this.registry, streamId, options);
    this.tips.learnFrom(events, forwards ? 'forwards' : 'backwards');
    if (forwards && options?.maxCount === undefined) this.heads?.learn(streamId, options?.fromRevision, events);
    return events;
  }

  /** One query for every request whose answer is not known to be empty (see reads.readStreams). */
  override async readStreams(requests: readonly StreamReadRequest[]): Promise<RecordedEvent[][]> {
    const heads = this.heads;
    const asked = heads === null ? requests : requests.filter((request) => !heads.knownEmpty(request.streamId, request.fromRevision));
    const answers = await reads.readStreams(this.executor, this.tables, this.registry, asked);
    for (const events of answers) this.tips.learnFrom(events);
    if (heads === null) return answers;
    asked.forEach((request, index) => {
      // a page cut short by maxCount does not end at the head
      if (request.maxCount === undefined || answers[index].length < request.maxCount) heads.learn(request.streamId, request.fromRevision, answers[index]);
    });
    const byRequest = new Map(asked.map((request, index) => [request, answers[index]]));
    return requests.map((request) => byRequest.get(request) ?? []);
  }

  /**
   * Reads the stable log only (see STABLE_ONLY), so paging forwards from the last position never
   * skips a late commit. Events committed but held back by an older, still-open transaction are
   * waited for briefly, so a caller reads its own appends unless some transaction stays open.
   */
  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    const deadline = Date.now() + READ_YOUR_WRITES_MS;
    for (;;) {
      const { events, heldBack } = await reads.readAllStable(this.executor, this.tables, this.registry, options);
      const full = options?.maxCount !== undefined && events.length >= options.maxCount;
      if (full || !heldBack || options?.noWait === true || Date.now() >= deadline) return events;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Observable<SubscriptionMessage> {
    return subscribeToAll(
      {
        db: this.executor,
        tables: this.tables,
        registry: this.registry,
        listen: (listener) => this.executor.listen(this.tables.channel, listener),
        onStoreClose: (callback) => {
          this.closeCallbacks.add(callback);
          return () => this.closeCallbacks.delete(callback);
        },
      },
      options,
      this.tuning,
    );
  }

  /** LISTEN on the channel every append NOTIFYs at commit: no events read, one notification per append. */
  override watchAppends(watcher: AppendWatcher): Promise<() => Promise<void>> {
    return this.executor.listen(this.tables.channel, { onNotify: watcher.onAppend, onLost: watcher.onLost });
  }

  async deleteStream(streamId: string, expectedRevision: ExpectedRevision): Promise<void> {
    await this.executor.transaction(async (tx) => {
      const state = await lockStream(tx, this.tables, streamId, this.executor.serialisesTransactions);
      checkExpectedRevision(streamId, state, expectedRevision);
      // Hide every revision written so far; the next append continues at revision + 1 (EventStoreDB's $tb).
      await tx.query(`UPDATE ${this.tables.streams} SET truncate_before = revision + 1 WHERE stream_id = $1`, [streamId]);
    });
  }

  getStreamMetadata(streamId: string): Promise<StreamMetadata> {
    return reads.getStreamMetadata(this.executor, this.tables, streamId);
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    await this.executor.transaction(async (tx) => {
      await lockStream(tx, this.tables, streamId, this.executor.serialisesTransactions);
      await tx.query(
        `INSERT INTO ${this.tables.streams} (stream_id, metadata) VALUES ($1, $2::json)
         ON CONFLICT (stream_id) DO UPDATE SET metadata = EXCLUDED.metadata`,
        [streamId, JSON.stringify({ maxCount: metadata.maxCount, custom: metadata.custom })],
      );
    });
  }

  verifyStream(streamId: string): Promise<VerifyResult> {
    return reads.verifyStream(this.executor, this.tables, streamId);
  }

  headPosition(): Promise<Position> {
    return reads.headPosition(this.executor, this.tables);
  }

  async close(): Promise<void> {
    const callbacks = [...this.closeCallbacks];
    this.closeCallbacks.clear();
    await Promise.all(callbacks.map((callback) => callback()));
    await this.executor.close();
  }
}
