import type { Decider, Rejection } from '../decider';

/**
 * `spec(decider).given(events).when(command, context).then(events)` — a decider specification in
 * the Emmett style. `.then` expects acceptance with exactly these events; `.thenRejects(code)`
 * expects a rejection with that code (and, optionally, exactly the events recorded with it) and
 * returns the rejection for further checks.
 */
export function spec<Command, Event, State, Context>(decider: Decider<Command, Event, State, Context>) {
  return {
    given(events: readonly Event[]) {
      const state = events.reduce((folded, event) => decider.evolve(folded, event), decider.initialState());
      return {
        state,
        when(command: Command, context: Context) {
          const decision = decider.decide(command, state, context);
          return {
            decision,
            then(expected: readonly Event[]): readonly Event[] {
              if (decision.kind !== 'accepted') {
                throw new Error(`expected acceptance, got rejection ${JSON.stringify(decision.rejection)}`);
              }
              expect(decision.events).toEqual(expected);
              return decision.events;
            },
            thenRejects(code: string, recorded: readonly Event[] = []): Rejection {
              if (decision.kind !== 'rejected') {
                throw new Error(`expected rejection ${code}, got events ${JSON.stringify(decision.events)}`);
              }
              expect(decision.rejection.code).toBe(code);
              expect(decision.rejection.message).toMatch(/[.!?]$/);
              expect(decision.events).toEqual(recorded);
              return decision.rejection;
            },
          };
        },
      };
    },
  };
}
