import type { ReadReq } from '@eventstore/db-client/generated/streams_pb';
import type { StoredRecord } from './emulator-log';

/**
 * TEST FIXTURE — EventStoreDB's server-side $all filters: on the stream name or on the event type,
 * by a list of prefixes (any one matches) or, when no prefix is given, by a regular expression.
 * Returns null for a filter that names neither, which the server rejects as an invalid argument.
 */
export type RecordMatcher = (record: StoredRecord) => boolean;

export function recordFilter(filter: ReadReq.Options.FilterOptions | undefined): RecordMatcher | null {
  if (!filter) return null;
  const onStream = filter.hasStreamIdentifier();
  const expression = onStream ? filter.getStreamIdentifier() : filter.getEventType();
  if (!expression) return null;
  const field = (record: StoredRecord): string => (onStream ? record.streamId : record.type);
  const prefixes = expression.getPrefixList();
  if (prefixes.length > 0) return (record) => prefixes.some((prefix) => field(record).startsWith(prefix));
  const regex = new RegExp(expression.getRegex());
  return (record) => regex.test(field(record));
}

export interface CheckpointSettings {
  /** Events examined per page during catch-up: the filter's max search window, 32 by default. */
  readonly searchWindow: number;
  /** A checkpoint is due once this many events were examined: multiplier × search window. */
  readonly interval: number;
}

/** EventStoreDB's ReadBatchSize, the default search window when the client asks for `count`. */
const DEFAULT_SEARCH_WINDOW = 32;

export function checkpointSettings(filter: ReadReq.Options.FilterOptions | undefined): CheckpointSettings | null {
  if (!filter) return null;
  const searchWindow = filter.hasMax() && filter.getMax() > 0 ? filter.getMax() : DEFAULT_SEARCH_WINDOW;
  const multiplier = Math.max(1, filter.getCheckpointintervalmultiplier());
  return { searchWindow, interval: searchWindow * multiplier };
}
