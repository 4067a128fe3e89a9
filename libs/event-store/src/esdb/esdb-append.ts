import { WrongExpectedVersionError } from '../port/errors';
import type { AppendResult, EventToAppend, ExpectedRevision } from '../port/event-store.port';
import type { EventTypeRegistry } from '../port/event-type-registry';
import { START_POSITION } from '../port/position';
import type { EsdbConnection, EsdbRecord } from './esdb-connection';
import { proposeEvents, storedEvent } from './esdb-records';

/** The connection plus the one question EventStoreDB has no direct call for (see DbClientConnection.lastRevision). */
export interface AppendConnection extends EsdbConnection {
  lastRevision(streamId: string): Promise<bigint | 'no_stream'>;
}

/** What the stream looks like to a writer: the visible head, and where the next revision starts. */
export interface StreamHead {
  /** Revision of the last visible event; 'no_stream' when never written or soft-deleted. */
  readonly visible: bigint | 'no_stream';
  /** Last revision ever written (hidden ones too), -1n when none: the next event is this + 1. */
  readonly written: bigint;
  /** Hash of the last visible event: a soft delete starts a fresh chain, as readers can no longer see the old one. */
  readonly lastHash: string;
}

export async function readHead(connection: AppendConnection, streamId: string): Promise<StreamHead> {
  const read = await connection.readStream(streamId, { direction: 'backwards', from: 'end', maxCount: 1 });
  const last: EsdbRecord | undefined = read === 'not_found' ? undefined : read[0];
  if (last) return { visible: last.revision, written: last.revision, lastHash: storedEvent(last).hash };
  const written = await connection.lastRevision(streamId);
  return { visible: 'no_stream', written: written === 'no_stream' ? -1n : written, lastHash: '' };
}

/** The port's expected-revision rules, judged on what readers see (a soft-deleted stream does not exist). */
export function checkExpected(streamId: string, expected: ExpectedRevision, visible: bigint | 'no_stream'): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && visible === 'no_stream') ||
    (expected === 'stream_exists' && visible !== 'no_stream') ||
    (typeof expected === 'bigint' && visible === expected);
  if (!ok) throw new WrongExpectedVersionError(streamId, expected, visible);
}

/** 'any' and 'stream_exists' still hold after someone else wrote first, so they read the new head and try again. */
const RETRIES_WHEN_STILL_VALID = 10;

/**
 * Appends with the hash chain: read the head (its hash and revision), check the caller's expectation
 * against it, then append at exactly that revision, so the revisions hashed are the revisions stored.
 * A soft-deleted stream is appended at its hidden revision, which EventStoreDB accepts and undeletes.
 */
export async function appendWithChain(
  connection: AppendConnection,
  registry: EventTypeRegistry,
  streamId: string,
  events: readonly EventToAppend[],
  expected: ExpectedRevision,
): Promise<AppendResult> {
  for (let attempt = 1; ; attempt += 1) {
    const head = await readHead(connection, streamId);
    checkExpected(streamId, expected, head.visible);
    if (events.length === 0) return { nextExpectedRevision: head.written, position: START_POSITION };
    const proposed = proposeEvents(streamId, events, registry, head.written + 1n, head.lastHash);
    try {
      const result = await connection.append(streamId, proposed, head.written < 0n ? 'no_stream' : head.written);
      return { nextExpectedRevision: result.nextRevision, position: await lastEventPosition(connection, streamId, result, events.length) };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      const stillValid = expected === 'any' || expected === 'stream_exists';
      if (!stillValid || attempt >= RETRIES_WHEN_STILL_VALID) throw new WrongExpectedVersionError(streamId, expected, error.actual);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}

/**
 * The port promises the position of the last event appended. For one event that is the position
 * EventStoreDB returns; for several we read the last one back rather than rely on which position
 * of a multi-event write the server reports.
 */
async function lastEventPosition(
  connection: AppendConnection,
  streamId: string,
  result: { readonly nextRevision: bigint; readonly position: AppendResult['position'] | null },
  count: number,
): Promise<AppendResult['position']> {
  if (count === 1 && result.position) return result.position;
  const read = await connection.readStream(streamId, { direction: 'forwards', from: result.nextRevision, maxCount: 1 });
  const last = read === 'not_found' ? undefined : read[0];
  return last?.position ?? result.position ?? START_POSITION;
}
