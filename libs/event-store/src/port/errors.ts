import type { ExpectedRevision } from './expected-revision';

/** The stream is not at the revision the writer expected: someone else wrote first. */
export class WrongExpectedVersionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's current revision, or 'no_stream' when it does not exist (or was deleted). */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedVersionError';
  }
}

/** The store cannot be reached or refused the connection; the operation may be retried. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** The stream was hard-deleted (tombstoned) and can never be written again. */
export class StreamDeletedError extends Error {
  constructor(readonly streamId: string) {
    super(`stream ${streamId} is deleted`);
    this.name = 'StreamDeletedError';
  }
}
