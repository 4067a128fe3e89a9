import type { EventStore } from '@promo-ledger/event-store';

/**
 * One adapter under test. The conformance suite (event-store.conformance.ts) runs the same cases
 * against every target; each *.conformance.spec.ts builds its target and hands it over.
 */
export interface ConformanceTarget {
  /** Shown in the test names: "pglite", "postgres", "esdb (emulator)", "esdb (EVENTSTORE_URL)". */
  readonly name: string;
  /** A store on fresh, isolated storage (its own schema / data dir / emulator). */
  readonly store: EventStore;
  /**
   * Takes the store away and brings it back while clients hold it (postgres: terminate the
   * backend connections; pglite: close and reopen; emulator: restart the server on its port).
   */
  restart(): Promise<void>;
  /**
   * Edits one stored event's data behind the ledger's back (SQL: UPDATE the row; emulator: its
   * test-only hook). Null when the target cannot be tampered with (a real EventStoreDB).
   */
  readonly tamper: ((streamId: string, revision: bigint, data: Record<string, unknown>) => Promise<void>) | null;
  /** Closes the store and removes its storage. */
  dispose(): Promise<void>;
}

/** Every suite that needs an external service calls this: CI must fail when it is missing, a laptop may skip loudly. */
export function requireOrSkip(what: string, available: boolean): 'run' | 'skip' {
  if (available) return 'run';
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(`${what} is required in CI but is not available`);
  }
  process.stderr.write(`\n!!! SKIPPING ${what} suites: not available on this machine. CI runs them. !!!\n\n`);
  return 'skip';
}
