import { randomUUID } from 'node:crypto';
import { type EmulatorLog, type ProposedRecord, type StoredRecord, isMetastream, metastreamOf } from './emulator-log';

/**
 * TEST FIXTURE — EventStoreDB's write rules, as its index writer applies them (CheckCommit):
 * - a tombstoned stream refuses everything (StreamDeleted);
 * - `stream_exists` on a soft-deleted stream is StreamDeleted, on a never-written one WrongExpectedVersion;
 * - `no_stream` on a soft-deleted stream is accepted and "soft-undeletes" it: revisions continue and
 *   the metastream gets `$tb` = the first new revision, so the old events stay hidden;
 * - an exact revision equal to the current one is accepted (a soft-deleted stream is undeleted too);
 * - a retry of events already written (same event ids at the same place) is idempotent: it
 *   succeeds again without writing anything.
 */
export type ExpectedVersion = 'any' | 'no_stream' | 'stream_exists' | bigint;

export type WriteOutcome =
  | { readonly kind: 'written'; readonly records: readonly StoredRecord[]; readonly currentRevision: bigint }
  | { readonly kind: 'wrong_expected_version'; readonly currentRevision: bigint }
  | { readonly kind: 'stream_deleted' };

type Check =
  | { readonly decision: 'ok'; readonly current: bigint; readonly softDeleted: boolean }
  | { readonly decision: 'idempotent'; readonly records: readonly StoredRecord[] }
  | { readonly decision: 'wrong'; readonly current: bigint }
  | { readonly decision: 'deleted' };

function checkCommit(log: EmulatorLog, streamId: string, expected: ExpectedVersion, eventIds: readonly string[]): Check {
  if (log.isTombstoned(streamId)) return { decision: 'deleted' };
  const current = log.lastRevision(streamId);
  const softDeleted = log.isSoftDeleted(streamId);
  const stored = log.records(streamId);
  if (expected === 'stream_exists') {
    if (softDeleted) return { decision: 'deleted' };
    if (current < 0n && log.lastRevision(metastreamOf(streamId)) < 0n) return { decision: 'wrong', current };
  }
  if (expected === 'any' || expected === 'stream_exists') {
    const found = eventIds.map((id) => stored.find((record) => record.eventId === id));
    if (found.length === 0 || !found[0]) return { decision: 'ok', current, softDeleted };
    if (found.some((record) => !record)) return { decision: 'wrong', current };
    return { decision: 'idempotent', records: found as StoredRecord[] };
  }
  const expectedNumber = expected === 'no_stream' ? -1n : expected;
  if (expectedNumber < current) {
    const same = eventIds.map((id, offset) => stored[Number(expectedNumber + 1n) + offset]?.eventId === id);
    if (same.length > 0 && same.every(Boolean)) {
      return { decision: 'idempotent', records: stored.slice(Number(expectedNumber + 1n), Number(expectedNumber + 1n) + eventIds.length) };
    }
    if (expected === 'no_stream' && softDeleted && !same[0]) return { decision: 'ok', current, softDeleted };
    return { decision: 'wrong', current };
  }
  if (expectedNumber > current) return { decision: 'wrong', current };
  return { decision: 'ok', current, softDeleted };
}

/** Writing to a soft-deleted stream, or to its metastream, undeletes it: `$tb` moves to where the new events start. */
function softUndelete(log: EmulatorLog, streamId: string, recreateFrom: bigint): void {
  log.writeMetadata(streamId, { ...log.rawMetadata(streamId), $tb: Number(recreateFrom) });
}

export function append(log: EmulatorLog, streamId: string, expected: ExpectedVersion, events: readonly ProposedRecord[]): WriteOutcome {
  const check = checkCommit(log, streamId, expected, events.map((event) => event.eventId));
  switch (check.decision) {
    case 'deleted':
      return { kind: 'stream_deleted' };
    case 'wrong':
      return { kind: 'wrong_expected_version', currentRevision: check.current };
    case 'idempotent':
      return { kind: 'written', records: check.records, currentRevision: check.records[check.records.length - 1].revision };
    case 'ok': {
      const metaOf = isMetastream(streamId) ? streamId.slice(2) : null;
      const undeleteOriginal = metaOf !== null && log.isSoftDeleted(metaOf);
      const records = log.write(streamId, events);
      if (check.softDeleted && events.length > 0) softUndelete(log, streamId, check.current + 1n);
      if (metaOf !== null && undeleteOriginal) softUndelete(log, metaOf, log.lastRevision(metaOf) + 1n);
      return { kind: 'written', records, currentRevision: log.lastRevision(streamId) };
    }
  }
}

/**
 * Soft delete: checks the expected revision against the stream, then replaces its metadata with
 * `$tb` = long.MaxValue (EventStoreDB writes exactly that, dropping other metadata). A stream that
 * was never written and has no metadata cannot be deleted: WrongExpectedVersion.
 */
export function softDelete(log: EmulatorLog, streamId: string, expected: ExpectedVersion): WriteOutcome {
  const check = checkCommit(log, streamId, expected, [randomUUID()]);
  if (check.decision === 'deleted') return { kind: 'stream_deleted' };
  if (check.decision === 'wrong') return { kind: 'wrong_expected_version', currentRevision: check.current };
  const current = log.lastRevision(streamId);
  if (current < 0n && log.lastRevision(metastreamOf(streamId)) < 0n) return { kind: 'wrong_expected_version', currentRevision: current };
  const record = log.writeMetadata(streamId, {}, '{"$tb":9223372036854775807}');
  return { kind: 'written', records: [record], currentRevision: current };
}

export function tombstone(log: EmulatorLog, streamId: string, expected: ExpectedVersion): WriteOutcome {
  const check = checkCommit(log, streamId, expected, [randomUUID()]);
  if (check.decision === 'deleted') return { kind: 'stream_deleted' };
  if (check.decision === 'wrong') return { kind: 'wrong_expected_version', currentRevision: check.current };
  return { kind: 'written', records: [log.tombstone(streamId)], currentRevision: log.lastRevision(streamId) };
}
