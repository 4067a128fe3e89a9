/**
 * The shape every aggregate follows (Emmett's decider): a pure `decide` turns a command and the
 * folded state into events or a rejection; a pure `evolve` folds one event into the state. Time, ids
 * and anything looked up elsewhere arrive in `context`, loaded by the handler before deciding, so a
 * retried command decides the same way.
 */

/** A stored fact: a literal past-tense `type` (listed in the event registry) and plain JSON data. */
export interface DomainEvent<Type extends string = string, Data extends object = object> {
  readonly type: Type;
  readonly data: Data;
}

/** An intention: a literal imperative `type` and plain JSON data. */
export interface DomainCommand<Type extends string = string, Data extends object = object> {
  readonly type: Type;
  readonly data: Data;
}

/** An expected refusal, as a value. `message` tells the shopper or operator what to do next. */
export interface Rejection {
  readonly code: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * A rejection normally carries no events; the exception is an attempt recorded on purpose (a
 * CouponRejected, so support can see every code a shopper tried).
 */
export type Decision<E> =
  | { readonly kind: 'accepted'; readonly events: readonly E[] }
  | { readonly kind: 'rejected'; readonly rejection: Rejection; readonly events: readonly E[] };

export interface Decider<Command, Event, State, Context = void> {
  readonly initialState: () => State;
  readonly evolve: (state: State, event: Event) => State;
  readonly decide: (command: Command, state: State, context: Context) => Decision<Event>;
  /**
   * For an aggregate whose rejections may record an attempt: the rejection an event of that kind
   * records, or null for any other event. A retry that finds such an event from its own interrupted
   * attempt answers with the rejection again rather than as accepted.
   */
  readonly recordedRejection?: (event: Event) => Rejection | null;
}

export function accept<E>(...events: E[]): Decision<E> {
  return { kind: 'accepted', events };
}

export function reject<E = never>(
  code: string,
  message: string,
  details?: Readonly<Record<string, unknown>>,
  recorded: readonly E[] = [],
): Decision<E> {
  const rejection: Rejection = details === undefined ? { code, message } : { code, message, details };
  return { kind: 'rejected', rejection, events: recorded };
}

/** The state after `events`, starting from the decider's initial state. */
export function fold<Event, State>(
  decider: Pick<Decider<unknown, Event, State, unknown>, 'initialState' | 'evolve'>,
  events: readonly Event[],
): State {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState());
}

/** For the `default` branch of an exhaustive switch: a new union member fails to compile here. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
