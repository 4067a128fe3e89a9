import type { ServerWritableStream } from '@grpc/grpc-js';
import { ReadReq, type ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { EmulatorLog, StoredRecord } from './emulator-log';
import { eventResponse, invalidArgumentError, streamDeletedError, streamNameOf, streamNotFoundResponse } from './grpc-messages';
import { recordFilter } from './record-filter';

/**
 * TEST FIXTURE — the finite reads of Streams.Read: one stream or $all, forwards or backwards, from
 * a revision / position, at most `count` events. As in EventStoreDB: a stream that was never
 * written or is soft-deleted answers a stream-not-found message; a tombstoned one fails with
 * stream-deleted; `$tb` and `$maxCount` hide old events from stream reads but never from $all;
 * $all forwards starts AT the given position (inclusive), backwards strictly before it.
 * Links are never resolved (the emulator writes no link events).
 */
export type ReadCall = ServerWritableStream<ReadReq, ReadResp>;

const FORWARDS = ReadReq.Options.ReadDirection.FORWARDS;

export async function writeAll(call: ReadCall, responses: Iterable<ReadResp>): Promise<void> {
  for (const response of responses) {
    if (call.cancelled || call.destroyed) return;
    if (!call.write(response)) await new Promise<void>((resolve) => call.once('drain', resolve));
  }
  call.end();
}

export function readStream(log: EmulatorLog, call: ReadCall, options: ReadReq.Options): Promise<void> {
  const streamOptions = options.getStream();
  const streamId = streamNameOf(streamOptions?.getStreamIdentifier());
  if (log.isTombstoned(streamId)) {
    call.emit('error', streamDeletedError(streamId));
    return Promise.resolve();
  }
  const first = log.firstVisibleRevision(streamId);
  if (first === null) return writeAll(call, [streamNotFoundResponse(streamId)]);

  const count = Number(BigInt(options.getCount() || '0'));
  const visible = log.records(streamId).filter((record) => record.revision >= first);
  const { RevisionOptionCase } = ReadReq.Options.StreamOptions;
  const revisionCase = streamOptions?.getRevisionOptionCase();
  const from = revisionCase === RevisionOptionCase.REVISION ? BigInt(streamOptions?.getRevision() ?? '0') : null;
  let selected: StoredRecord[];
  if (options.getReadDirection() === FORWARDS) {
    selected = revisionCase === RevisionOptionCase.END ? [] : visible.filter((record) => from === null || record.revision >= from);
  } else {
    const upTo = revisionCase === RevisionOptionCase.START ? 0n : from;
    selected = visible.filter((record) => upTo === null || record.revision <= upTo).reverse();
  }
  const sliced = selected.slice(0, count);
  return writeAll(call, sliced.map(eventResponse));
}

/** Index of the first record at or after `position` (the log is in position order). */
export function firstIndexAtOrAfter(all: readonly StoredRecord[], position: { commit: bigint; prepare: bigint }): number {
  let low = 0;
  let high = all.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const record = all[middle];
    const before = record.commit < position.commit || (record.commit === position.commit && record.prepare < position.prepare);
    if (before) low = middle + 1;
    else high = middle;
  }
  return low;
}

export function readAll(log: EmulatorLog, call: ReadCall, options: ReadReq.Options): Promise<void> {
  const allOptions = options.getAll();
  const count = Number(BigInt(options.getCount() || '0'));
  const matches = options.hasFilter() ? recordFilter(options.getFilter()) : () => true;
  if (options.hasFilter() && !matches) {
    call.emit('error', invalidArgumentError('filter must name a stream identifier or event type expression'));
    return Promise.resolve();
  }
  const position = allOptions?.getPosition();
  const at = position ? { commit: BigInt(position.getCommitPosition()), prepare: BigInt(position.getPreparePosition()) } : null;
  const kind = allOptions?.getAllOptionCase();
  const selected: StoredRecord[] = [];
  if (options.getReadDirection() === FORWARDS) {
    const start = kind === ReadReq.Options.AllOptions.AllOptionCase.END ? log.all.length : at ? firstIndexAtOrAfter(log.all, at) : 0;
    for (let index = start; index < log.all.length && selected.length < count; index += 1) if (matches?.(log.all[index])) selected.push(log.all[index]);
  } else {
    const end = kind === ReadReq.Options.AllOptions.AllOptionCase.START ? 0 : at ? firstIndexAtOrAfter(log.all, at) : log.all.length;
    for (let index = end - 1; index >= 0 && selected.length < count; index -= 1) if (matches?.(log.all[index])) selected.push(log.all[index]);
  }
  return writeAll(call, selected.map(eventResponse));
}
