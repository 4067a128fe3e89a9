import type { StoredResponse } from './idempotency.store';

/** A stored first response, sent again verbatim by the problem filter with Idempotent-Replayed: true. */
export class ReplayedResponse extends Error {
  constructor(readonly response: StoredResponse) {
    super('idempotent replay');
  }
}
