import { HttpException, Inject, Injectable, Optional } from '@nestjs/common';
import type { Decision, Rejection } from '@promo-ledger/domain';
import {
  EventStore, type EventToAppend, type JsonObject, positionToString, type RecordedEvent, WrongExpectedVersionError,
} from '@promo-ledger/event-store';
import { ProblemException } from '../http/problem';
import { Clock, IdGenerator } from './clock';
import { CommandObserver, type CommandOutcome } from './command-observer';
import type { CommandMetadata } from './command-metadata';
import { AggregateCache } from './aggregate-cache';
import { KeyedLock } from './keyed-lock';
import { rejectionProblem } from './rejection-status';
import { StreamReadBatcher } from './stream-read-batcher';

export interface EventSourced<Command, Event, State, Context> {
  readonly initialState: () => State;
  readonly evolve: (state: State, event: Event) => State;
  readonly decide: (command: Command, state: State, context: Context) => Decision<Event>;
}

export interface RunOptions<State, Context> {
  /** Loads what decide needs besides the stream (prices, campaigns, now …); re-run on every retry. */
  readonly context: (state: State) => Promise<Context>;
  /** If-Match: the stream version the caller last saw; a different one is a 412 and nothing is appended. */
  readonly ifMatch?: bigint;
  /** The HTTP status of a rejection when it depends on the route (see rejection-status.ts). */
  readonly statusOf?: (code: string) => number;
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

const MAX_ATTEMPTS = 4;

/**
 * Runs one command against one stream: read, fold, load context, decide, append with the revision
 * read. A concurrent writer makes the append fail; because decide is pure, the command is simply
 * decided again on the new state (a few times), unless the caller pinned a version with If-Match.
 * Rejections become problem+json; a rejection that records an attempt (CouponRejected) appends it first.
 */
@Injectable()
export class StreamRunner {
  private readonly writers = new KeyedLock();
  private readonly cache = new AggregateCache();
  private readonly reads: StreamReadBatcher;

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(IdGenerator) private readonly ids: IdGenerator,
    @Optional() @Inject(CommandObserver) private readonly observer: CommandObserver | null = null,
  ) {
    this.reads = new StreamReadBatcher(store);
  }

  /**
   * The stream's state at the store's head: the cached fold plus the events appended since (by any
   * process). A state is reused only by the same fold (`evolve`) that produced it. Loads issued in
   * the same tick share one store round trip (StreamReadBatcher).
   */
  async load<Event, State>(streamId: string, aggregate: Pick<EventSourced<unknown, Event, State, unknown>, 'initialState' | 'evolve'>): Promise<{ state: State; version: bigint }> {
    const cached = this.cache.get(streamId, aggregate.evolve);
    const from = cached === undefined ? undefined : cached.version + 1n;
    const recorded = await this.reads.readForwards(streamId, from);
    const start = cached === undefined ? aggregate.initialState() : (cached.state as State);
    const state = recorded.reduce((current, event) => aggregate.evolve(current, toDomain<Event>(event)), start);
    const version = recorded.length > 0 ? recorded[recorded.length - 1].revision : (cached?.version ?? -1n);
    if (version >= 0n) this.cache.set(streamId, { state, version, foldedBy: aggregate.evolve });
    return { state, version };
  }

  async run<Command, Event extends { type: string; data: object }, State, Context>(
    streamId: string,
    aggregate: EventSourced<Command, Event, State, Context>,
    command: Command,
    metadata: CommandMetadata,
    options: RunOptions<State, Context>,
  ): Promise<StreamResult<State>> {
    const observer = this.observer;
    if (observer === null) return this.writers.run(streamId, () => this.decideAndAppend(streamId, aggregate, command, metadata, options));
    const started = process.hrtime.bigint();
    const seconds = (): number => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const result = await this.writers.run(streamId, () => this.decideAndAppend(streamId, aggregate, command, metadata, options));
      observer.commandFinished(commandTypeOf(command), { kind: 'accepted' }, seconds());
      return result;
    } catch (error) {
      observer.commandFinished(commandTypeOf(command), outcomeOf(error), seconds());
      throw error;
    }
  }

  private async decideAndAppend<Command, Event extends { type: string; data: object }, State, Context>(
    streamId: string,
    aggregate: EventSourced<Command, Event, State, Context>,
    command: Command,
    metadata: CommandMetadata,
    options: RunOptions<State, Context>,
  ): Promise<StreamResult<State>> {
    for (let attempt = 1; ; attempt += 1) {
      const { state, version } = await this.load(streamId, aggregate);
      if (options.ifMatch !== undefined && options.ifMatch !== version) throw preconditionFailed(streamId, options.ifMatch, version);
      const decision = aggregate.decide(command, state, await options.context(state));
      try {
        const result = await this.append(streamId, aggregate, state, version, decision.events, metadata);
        if (decision.kind === 'rejected') throw rejectionProblem(withVersion(decision.rejection, result), options.statusOf);
        return result;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (options.ifMatch !== undefined) throw preconditionFailed(streamId, options.ifMatch, error.actual === 'no_stream' ? -1n : error.actual);
        if (attempt >= MAX_ATTEMPTS) {
          throw new ProblemException(409, 'CONCURRENCY_CONFLICT', `Stream ${streamId} kept changing while this command was decided; retry it with the same Idempotency-Key.`);
        }
      }
    }
  }

  private async append<Event extends { type: string; data: object }, State>(
    streamId: string,
    aggregate: Pick<EventSourced<unknown, Event, State, unknown>, 'evolve'>,
    state: State,
    version: bigint,
    events: readonly Event[],
    metadata: CommandMetadata,
  ): Promise<StreamResult<State>> {
    if (events.length === 0) return { state, version, position: null };
    const occurredAt = this.clock.now();
    const toAppend: EventToAppend[] = events.map((event) => ({
      type: event.type,
      data: event.data as JsonObject,
      metadata: { ...metadata, eventId: this.ids.next(), occurredAt },
    }));
    const appended = await this.store.appendToStream(streamId, toAppend, version < 0n ? 'no_stream' : version);
    this.observer?.eventsAppended(events);
    const next = events.reduce((current, event) => aggregate.evolve(current, event), state);
    this.cache.set(streamId, { state: next, version: appended.nextExpectedRevision, foldedBy: aggregate.evolve });
    return { state: next, version: appended.nextExpectedRevision, position: positionToString(appended.position) };
  }
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

function preconditionFailed(streamId: string, expected: bigint, actual: bigint): ProblemException {
  return new ProblemException(412, 'PRECONDITION_FAILED', `${streamId} is at version ${actual}, not ${expected} as If-Match says; reload it and decide again.`, {
    expectedVersion: Number(expected),
    currentVersion: Number(actual),
  });
}

