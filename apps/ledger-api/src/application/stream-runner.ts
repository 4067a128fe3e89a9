import { HttpException, Inject, Injectable, Optional } from '@nestjs/common';
import type { Decision, Rejection } from '@promo-ledger/domain';
import type DataLoader from 'dataloader';
import {
  type AppendResult, EventStore, type EventToAppend, type JsonObject, positionToString, type RecordedEvent, type StreamAppendRequest, type StreamCondition,
  WrongExpectedVersionError,
} from '@promo-ledger/event-store';
import { ProblemException } from '../http/problem';
import { Clock, IdGenerator } from './clock';
import { CommandObserver, type CommandOutcome } from './command-observer';
import { type CommandMetadata, recordedMetadata } from './command-metadata';
import { AggregateCache } from './aggregate-cache';
import { KeyedTurns, type Settled } from './keyed-turns';
import { rejectionProblem } from './rejection-status';
import { StreamReadBatcher } from './stream-read-batcher';
import { gatheringLoader } from './gathering-loader';

export interface EventSourced<Command, Event, State, Context> {
  readonly initialState: () => State;
  readonly evolve: (state: State, event: Event) => State;
  readonly decide: (command: Command, state: State, context: Context) => Decision<Event>;
  /** The rejection an event records (a CouponRejected), or null: see appliedByInterruptedAttempt. */
  readonly recordedRejection?: (event: Event) => Rejection | null;
}

export interface RunOptions<State, Context> {
  /** Loads what decide needs besides the stream (prices, campaigns, now …); re-run on every retry. */
  readonly context: (state: State) => Promise<Context>;
  /** If-Match: the stream version the caller last saw; a different one is a 412 and nothing is appended. */
  readonly ifMatch?: bigint;
  /** The HTTP status of a rejection when it depends on the route (see rejection-status.ts). */
  readonly statusOf?: (code: string) => number;
  /**
   * Other streams the decision read through `context`, at the revisions it read them (called after
   * each `context`): the append goes through only if they are still there (StreamAppendRequest.unchanged),
   * and when one has moved the command is decided again on a fresh context.
   */
  readonly unchanged?: () => readonly StreamCondition[];
}

export interface StreamResult<State> {
  readonly state: State;
  /** The stream's revision after the command (-1 when it does not exist). */
  readonly version: bigint;
  /** Global position of the last event appended, or null when the command appended nothing. */
  readonly position: string | null;
}

/** What the response body carries for a write: `version` and `position` (DESIGN §8). */
export function writeInfo(result: StreamResult<unknown>): { version: number; position: string | null } {
  return { version: Number(result.version), position: result.position };
}

/**
 * How often a turn is decided and appended before its commands fail with 409 CONCURRENCY_CONFLICT.
 * Replicas (DESIGN §3) taking turns on the same hot stream collide often; after a collision a turn
 * waits a random while whose ceiling doubles with each attempt up to BACKOFF_CAP_MS, so the replicas
 * fall out of step instead of colliding again: at most ~0.7 s of waiting in all, ~0.35 s on average.
 * Ten attempts were not always enough for two replicas on one loaded machine (~1 run in 16 of
 * stream-runner-replicas.int.spec.ts with four suites at once ended in a 409).
 */
const MAX_ATTEMPTS = 16;
const BACKOFF_BASE_MS = 2;
const BACKOFF_CAP_MS = 64;
/** Events per read when folding a stream: a long one is read and folded page by page. */
const PAGE = 1_000;
/**
 * How far before an interrupted attempt's start (by the claim's clock) its events are looked for:
 * replicas' clocks may differ a little, and looking further back only costs a longer read.
 */
const CLOCK_SKEW_MS = 5 * 60_000;
/**
 * After another process's append beat one of this process's on a stream, turns on it read the
 * stream before deciding for this long, instead of deciding on the cached fold: replicas taking
 * turns on one hot stream would otherwise lose an append on a stale fold in nearly every turn.
 */
const CONTENDED_MS = 1_000;
/** Streams remembered as contended at most; beyond it the memory starts afresh. */
const MAX_CONTENDED = 10_000;
/** Streams per batched append: a checkout's budget, order, cart and customer streams and those of concurrent requests. */
const MAX_APPENDS_PER_BATCH = 64;

/** One command waiting for its stream's turn. */
interface Queued {
  readonly aggregate: EventSourced<unknown, { type: string; data: object }, unknown, unknown>;
  readonly command: unknown;
  readonly metadata: CommandMetadata;
  readonly options: RunOptions<unknown, unknown>;
}

/** A command's part of a turn: its events, and the stream as it leaves it. */
interface Decided {
  readonly queued: Queued;
  readonly events: readonly { type: string; data: object }[];
  readonly rejection: Rejection | null;
  readonly state: unknown;
  readonly version: bigint;
  readonly unchanged: readonly StreamCondition[];
}

/**
 * Runs commands against one stream: read, fold, load context, decide, append with the revision
 * read — or, for a stream this process has folded already, decide on that fold and let the append's
 * expected revision prove it current (trustedFold). Commands for the same stream take turns in this
 * process, and those that queued during a turn are decided one after another on the state each
 * leaves and appended together in the next (KeyedTurns): a hot stream costs one append per turn, not
 * a read and an append per command. A concurrent writer elsewhere makes the append fail; because
 * decide is pure, the turn is simply decided again on the new state (a few times), except for
 * commands whose caller pinned a version with If-Match.
 * Rejections become problem+json; a rejection that records an attempt (CouponRejected) appends it first.
 */
@Injectable()
export class StreamRunner {
  private readonly turns = new KeyedTurns<Queued, StreamResult<unknown>>((streamId, queued) => this.takeTurn(streamId, queued));
  private readonly cache = new AggregateCache();
  private readonly reads: StreamReadBatcher;
  /** Appends to different streams that are ready together go in one `appendToStreams` (one statement on SQL). */
  private readonly appends: DataLoader<StreamAppendRequest, AppendResult>;
  /** Until when (ms since the epoch) a stream another process appended to is read before deciding (CONTENDED_MS). */
  private readonly contended = new Map<string, number>();
  /** Folds from the start under way, by stream: one at a time per stream (see load). */
  private readonly coldLoads = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(IdGenerator) private readonly ids: IdGenerator,
    @Optional() @Inject(CommandObserver) private readonly observer: CommandObserver | null = null,
  ) {
    this.reads = new StreamReadBatcher(store);
    this.appends = gatheringLoader<StreamAppendRequest, AppendResult>((requests) => store.appendToStreams(requests), { maxBatchSize: MAX_APPENDS_PER_BATCH, maxInFlight: 2 });
  }

  /**
   * The stream's state at the store's head: the cached fold plus the events appended since (by any
   * process). A state is reused only by the same fold (`evolve`) that produced it. Loads issued
   * together share one store round trip (StreamReadBatcher). Events come in pages of PAGE, folded as
   * they arrive, so a long stream read cold (a campaign's budget after a restart) never sits in
   * memory whole; and concurrent cold loads of one stream wait for the first instead of each
   * folding it (they then read only what was appended since).
   */
  async load<Event, State>(streamId: string, aggregate: Pick<EventSourced<unknown, Event, State, unknown>, 'initialState' | 'evolve'>): Promise<{ state: State; version: bigint }> {
    const pending = this.coldLoads.get(streamId);
    if (pending !== undefined) await pending.catch(() => undefined);
    const cached = this.cache.get(streamId, aggregate.evolve);
    if (cached !== undefined) return this.foldOnto(streamId, aggregate, cached.state as State, cached.version);
    const cold = this.foldOnto(streamId, aggregate, aggregate.initialState(), -1n);
    this.coldLoads.set(streamId, cold);
    try {
      return await cold;
    } finally {
      if (this.coldLoads.get(streamId) === cold) this.coldLoads.delete(streamId);
    }
  }

  private async foldOnto<Event, State>(
    streamId: string,
    aggregate: Pick<EventSourced<unknown, Event, State, unknown>, 'evolve'>,
    start: State,
    startVersion: bigint,
  ): Promise<{ state: State; version: bigint }> {
    let state = start;
    let version = startVersion;
    for (;;) {
      const recorded = await this.reads.readForwards(streamId, version < 0n ? undefined : version + 1n, PAGE);
      state = recorded.reduce((current, event) => aggregate.evolve(current, toDomain<Event>(event)), state);
      if (recorded.length > 0) version = recorded[recorded.length - 1].revision;
      // a stream that does not exist yet is kept too: the command that creates it then needs no read
      this.cache.set(streamId, { state, version, foldedBy: aggregate.evolve });
      if (recorded.length < PAGE) return { state, version };
    }
  }

  async run<Command, Event extends { type: string; data: object }, State, Context>(
    streamId: string,
    aggregate: EventSourced<Command, Event, State, Context>,
    command: Command,
    metadata: CommandMetadata,
    options: RunOptions<State, Context>,
  ): Promise<StreamResult<State>> {
    if (metadata.interruptedAttemptSince !== undefined) {
      const earlier = await this.appliedByInterruptedAttempt(streamId, aggregate, metadata, metadata.interruptedAttemptSince, options.statusOf);
      if (earlier !== null) return earlier;
    }
    const queued = { aggregate, command, metadata, options } as unknown as Queued;
    const observer = this.observer;
    if (observer === null) return (await this.turns.submit(streamId, queued)) as StreamResult<State>;
    const started = process.hrtime.bigint();
    const seconds = (): number => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const result = (await this.turns.submit(streamId, queued)) as StreamResult<State>;
      observer.commandFinished(commandTypeOf(command), { kind: 'accepted' }, seconds());
      return result;
    } catch (error) {
      observer.commandFinished(commandTypeOf(command), outcomeOf(error), seconds());
      throw error;
    }
  }

  /**
   * A retry of an attempt that ended without an answer (its process died, or it failed with a 5xx
   * after an append whose commit may have gone through): if the stream holds an event that attempt
   * appended — same Idempotency-Key, same caller — the command was applied, and is answered with the
   * stream as it stands and that event's position instead of being decided again; when that event
   * records a rejection (a CouponRejected), with the rejection again. The stream is read
   * backwards only as far as the attempt's start. Callers that run several commands on one stream
   * under one key (checkout) leave the flag off: their steps are idempotent by themselves.
   */
  private async appliedByInterruptedAttempt<Event, State>(
    streamId: string,
    aggregate: Pick<EventSourced<unknown, Event, State, unknown>, 'initialState' | 'evolve' | 'recordedRejection'>,
    metadata: CommandMetadata,
    since: string,
    statusOf: ((code: string) => number) | undefined,
  ): Promise<StreamResult<State> | null> {
    const { state, version } = await this.load(streamId, aggregate);
    const oldest = Date.parse(since) - CLOCK_SKEW_MS;
    for (let from = version; from >= 0n;) {
      const page = await this.store.readStream(streamId, { direction: 'backwards', fromRevision: from, maxCount: PAGE });
      for (const event of page) {
        const recorded = event.metadata;
        if (recorded.idempotencyKey === metadata.idempotencyKey && recorded.actor?.keyId === metadata.actor?.keyId) {
          const result = { state, version, position: positionToString(event.position) };
          const rejection = aggregate.recordedRejection?.(toDomain<Event>(event)) ?? null;
          if (rejection !== null) throw rejectionProblem(withVersion(rejection, result), statusOf);
          return result;
        }
        if (Date.parse(recorded.occurredAt) < oldest) return null;
      }
      if (page.length < PAGE) return null;
      from = page[page.length - 1].revision - 1n;
    }
    return null;
  }

  /** One turn: consecutive commands of the same aggregate are decided and appended together. */
  private async takeTurn(streamId: string, queued: readonly Queued[]): Promise<Settled<StreamResult<unknown>>[]> {
    const settled: Settled<StreamResult<unknown>>[] = [];
    for (let start = 0; start < queued.length;) {
      let end = start + 1;
      while (end < queued.length && queued[end].aggregate === queued[start].aggregate) end += 1;
      settled.push(...(await this.decideAndAppend(streamId, queued.slice(start, end))));
      start = end;
    }
    return settled;
  }

  private async decideAndAppend(streamId: string, queued: readonly Queued[]): Promise<Settled<StreamResult<unknown>>[]> {
    const { aggregate } = queued[0];
    const settled = new Map<Queued, Settled<StreamResult<unknown>>>();
    const fail = (entry: Queued, error: unknown): void => void settled.set(entry, { ok: false, error });
    // the first try decides on the cached fold without reading the stream (see trustedFold); a try
    // on it that proves nothing, or that meets another process's append, is not counted as an attempt
    let trusted = this.trustedFold(streamId, aggregate, queued);
    for (let attempt = 1; ; ) {
      const open = queued.filter((entry) => !settled.has(entry));
      if (open.length === 0) break;
      const { state, version } = trusted ?? (await this.load(streamId, aggregate));
      const decided: Decided[] = [];
      const failed: { entry: Queued; error: unknown }[] = [];
      let current = { state, version };
      for (const entry of open) {
        if (entry.options.ifMatch !== undefined && entry.options.ifMatch !== current.version) {
          failed.push({ entry, error: preconditionFailed(streamId, entry.options.ifMatch, current.version) });
          continue;
        }
        try {
          const decision = aggregate.decide(entry.command, current.state, await entry.options.context(current.state));
          current = {
            state: decision.events.reduce((folded, event) => aggregate.evolve(folded, event), current.state),
            version: current.version + BigInt(decision.events.length),
          };
          const unchanged = decision.events.length > 0 ? (entry.options.unchanged?.() ?? []) : [];
          decided.push({ queued: entry, events: decision.events, rejection: decision.kind === 'rejected' ? decision.rejection : null, ...current, unchanged });
        } catch (error) {
          failed.push({ entry, error });
        }
      }
      if (trusted !== undefined && decided.every(({ events }) => events.length === 0)) {
        // nothing to append, so nothing proves the cached fold current: answer from the stream as read now
        trusted = undefined;
        continue;
      }
      for (const { entry, error } of failed) fail(entry, error);
      try {
        const position = await this.append(streamId, aggregate, version, decided, current.state);
        for (const { queued: entry, rejection, state: after, version: versionAfter, events } of decided) {
          const result = { state: after, version: versionAfter, position: events.length > 0 ? position : null };
          if (rejection === null) settled.set(entry, { ok: true, value: result });
          else fail(entry, rejectionProblem(withVersion(rejection, result), entry.options.statusOf));
        }
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) {
          for (const { queued: entry } of decided) fail(entry, error);
          continue;
        }
        if (error.streamId !== streamId) {
          // a stream the decision read moved (see RunOptions.unchanged): decide again on a fresh context
          if (attempt >= MAX_ATTEMPTS) for (const { queued: entry } of decided) fail(entry, stillChanging(streamId));
          trusted = undefined;
          attempt += 1;
          continue;
        }
        this.observer?.appendConflicted(streamId);
        if (this.contended.size >= MAX_CONTENDED) this.contended.clear();
        this.contended.set(streamId, Date.now() + CONTENDED_MS);
        if (trusted !== undefined) {
          // the cached fold was behind the stream (another process appended): decide again on it as read now, at once
          trusted = undefined;
          continue;
        }
        const actual = error.actual === 'no_stream' ? -1n : error.actual;
        for (const { queued: entry } of decided) {
          if (entry.options.ifMatch !== undefined) fail(entry, preconditionFailed(streamId, entry.options.ifMatch, actual));
          else if (attempt >= MAX_ATTEMPTS) fail(entry, stillChanging(streamId));
        }
        if (queued.some((entry) => !settled.has(entry))) await backOff(attempt);
        attempt += 1;
      }
    }
    return queued.map((entry) => settled.get(entry) ?? { ok: false, error: new Error(`no outcome for a command on ${streamId}`) });
  }

  /**
   * The cached fold of the stream, for a turn to decide on without reading the stream first, or
   * undefined. This process appended or read it last; the append's expected revision then proves it
   * current — for every command of the turn, refused ones included — and when another process
   * appended since, the append fails and the turn is decided again on the stream as read. A turn that
   * appends nothing, or one with an If-Match check, is answered from a read, and so is a turn on a
   * stream another process appended to lately (CONTENDED_MS). A hot stream's turn (a budget) is then
   * one append instead of a read and an append.
   */
  private trustedFold(streamId: string, aggregate: Queued['aggregate'], queued: readonly Queued[]): { state: unknown; version: bigint } | undefined {
    if (queued.some((entry) => entry.options.ifMatch !== undefined)) return undefined;
    const contendedUntil = this.contended.get(streamId);
    if (contendedUntil !== undefined) {
      if (contendedUntil > Date.now()) return undefined;
      this.contended.delete(streamId);
    }
    return this.cached(streamId, aggregate);
  }

  /**
   * The fold of the stream this process holds, without reading (it may be behind the store), or
   * undefined. For a judgement that an append later proves, or that is made again on a load when
   * it refuses (checkout's dry run).
   */
  cached<State>(streamId: string, aggregate: Pick<EventSourced<unknown, never, State, unknown>, 'evolve'>): { state: State; version: bigint } | undefined {
    if (this.coldLoads.has(streamId)) return undefined;
    const cached = this.cache.get(streamId, aggregate.evolve);
    return cached === undefined ? undefined : { state: cached.state as State, version: cached.version };
  }

  /** Appends every decided command's events in one append, each with its own metadata; the position of the last, or null. */
  private async append(
    streamId: string,
    aggregate: Queued['aggregate'],
    version: bigint,
    decided: readonly Decided[],
    state: unknown,
  ): Promise<string | null> {
    const occurredAt = this.clock.now();
    const unchanged = decided.flatMap((entry) => entry.unchanged);
    const toAppend: EventToAppend[] = decided.flatMap(({ events, queued }) => events.map((event) => ({
      type: event.type,
      data: event.data as JsonObject,
      metadata: { ...recordedMetadata(queued.metadata), eventId: this.ids.next(), occurredAt },
    })));
    if (toAppend.length === 0) return null;
    const appended = await this.appends.load({ streamId, events: toAppend, expectedRevision: version < 0n ? 'no_stream' : version, ...(unchanged.length === 0 ? {} : { unchanged }) });
    for (const { events } of decided) this.observer?.eventsAppended(events);
    this.cache.set(streamId, { state, version: appended.nextExpectedRevision, foldedBy: aggregate.evolve });
    return positionToString(appended.position);
  }
}

/** Waits a random 0 to min(BACKOFF_CAP_MS, BACKOFF_BASE_MS · 2^(attempt−1)) ms ("full jitter"). */
function backOff(attempt: number): Promise<void> {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

function commandTypeOf(command: unknown): string {
  const type = typeof command === 'object' && command !== null && 'type' in command ? command.type : undefined;
  return typeof type === 'string' ? type : 'unknown';
}

/** A problem with a code is an expected refusal (a rejection, a conflict); anything else is an error (the store failed). */
function outcomeOf(error: unknown): CommandOutcome {
  if (error instanceof ProblemException) return { kind: 'rejected', code: error.code };
  if (error instanceof HttpException) return { kind: 'rejected', code: `HTTP_${error.getStatus()}` };
  return { kind: 'error' };
}

function toDomain<Event>(event: RecordedEvent): Event {
  return { type: event.type, data: event.data } as Event;
}

function withVersion(rejection: Rejection, result: StreamResult<unknown>): Rejection {
  return result.position === null ? rejection : { ...rejection, details: { ...rejection.details, version: Number(result.version), position: result.position } };
}

function stillChanging(streamId: string): ProblemException {
  return new ProblemException(409, 'CONCURRENCY_CONFLICT', `Stream ${streamId} kept changing while this command was decided; retry it with the same Idempotency-Key.`);
}

function preconditionFailed(streamId: string, expected: bigint, actual: bigint): ProblemException {
  return new ProblemException(412, 'PRECONDITION_FAILED', `${streamId} is at version ${actual}, not ${expected} as If-Match says; reload it and decide again.`, {
    expectedVersion: Number(expected),
    currentVersion: Number(actual),
  });
}

