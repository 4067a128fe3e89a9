/** Freezes a value and everything it holds, so that a test fails if anything mutates it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** Folds with every event and every intermediate state frozen: evolve must build new values. */
export function frozenFold<State, Event>(
  decider: { readonly initialState: () => State; readonly evolve: (state: State, event: Event) => State },
  events: readonly Event[],
): State {
  return events.reduce((state, event) => deepFreeze(decider.evolve(state, deepFreeze(event))), deepFreeze(decider.initialState()));
}
