import {
  CancelledError, DeadlineExceededError, StreamDeletedError as ClientStreamDeletedError, TimeoutError, UnavailableError,
  WrongExpectedVersionError as ClientWrongExpectedVersionError, isCommandError,
} from '@eventstore/db-client';
import { StoreUnavailableError, StreamDeletedError, WrongExpectedVersionError } from '../port/errors';
import type { ExpectedRevision } from '../port/event-store.port';
import { START_POSITION } from '../port/position';
import type { EsdbRecord } from './esdb-connection';

/** How the client's stream and $all reads and subscriptions hand out one event. */
export interface ClientRecordedEvent {
  readonly streamId: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: unknown;
  readonly position?: { readonly commit: bigint; readonly prepare: bigint };
}

export function toEsdbRecord(event: ClientRecordedEvent): EsdbRecord {
  return { streamId: event.streamId, revision: event.revision, type: event.type, position: event.position ?? START_POSITION, data: event.data, metadata: event.metadata };
}

/** gRPC status codes that mean "the server is not there right now" (UNAVAILABLE, CANCELLED by the server, DEADLINE_EXCEEDED). */
const UNAVAILABLE_GRPC_CODES = new Set([14, 1, 4]);
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);

/**
 * Whether the client's error means the server went away or could not be reached. The client raises
 * CancelledError when the server drops a call (a restart or crash), UnavailableError when it cannot
 * connect; both are worth retrying once the server is back, so both become StoreUnavailableError.
 */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  if (error instanceof UnavailableError || error instanceof CancelledError || error instanceof DeadlineExceededError || error instanceof TimeoutError) return true;
  if (typeof error !== 'object' || error === null || (error instanceof Error && isCommandError(error))) return false;
  const { code } = error as { code?: unknown };
  return (typeof code === 'number' && UNAVAILABLE_GRPC_CODES.has(code)) || (typeof code === 'string' && UNAVAILABLE_NODE_CODES.has(code));
}

/**
 * Turns the client's errors into the port's. `expected` is what the caller asked for, so that the
 * WrongExpectedVersionError names the caller's expectation, not the revision the adapter sent.
 */
export function toPortError(error: unknown, streamId: string, expected: ExpectedRevision = 'any'): unknown {
  if (error instanceof ClientWrongExpectedVersionError) {
    const actual = error.actualVersion;
    return new WrongExpectedVersionError(streamId, expected, typeof actual === 'bigint' && actual >= 0n ? actual : 'no_stream');
  }
  if (error instanceof ClientStreamDeletedError) return new StreamDeletedError(streamId);
  if (isUnavailable(error) && !(error instanceof StoreUnavailableError)) {
    const detail = error instanceof Error ? error.message : String(error);
    return new StoreUnavailableError(`EventStoreDB is unavailable: ${detail}`, { cause: error });
  }
  return error;
}
