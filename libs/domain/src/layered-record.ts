/**
 * A string-keyed record for folds over long streams (a campaign's budget sees every order): setting
 * an entry copies only a small layer of recent entries, and every RECENT_LIMIT entries the layer is
 * merged into a new base. A fold over n events costs about n²/RECENT_LIMIT copies instead of n², and
 * every state stays immutable: an older state keeps its own base and layer, so one already handed to
 * a decision never changes under it.
 */
export interface LayeredRecord<V> {
  readonly base: Readonly<Record<string, V>>;
  readonly recent: Readonly<Record<string, V>>;
  readonly recentSize: number;
}

const RECENT_LIMIT = 64;

const has = (record: object, key: string): boolean => Object.prototype.hasOwnProperty.call(record, key);

export function emptyLayered<V>(): LayeredRecord<V> {
  return { base: {}, recent: {}, recentSize: 0 };
}

export function layeredFrom<V>(entries: Readonly<Record<string, V>>): LayeredRecord<V> {
  return { base: { ...entries }, recent: {}, recentSize: 0 };
}

export function lookup<V>(record: LayeredRecord<V>, key: string): V | undefined {
  if (has(record.recent, key)) return record.recent[key];
  return has(record.base, key) ? record.base[key] : undefined;
}

export function withEntry<V>(record: LayeredRecord<V>, key: string, value: V): LayeredRecord<V> {
  const recent = { ...record.recent, [key]: value };
  const recentSize = record.recentSize + (has(record.recent, key) ? 0 : 1);
  if (recentSize < RECENT_LIMIT) return { base: record.base, recent, recentSize };
  return { base: { ...record.base, ...recent }, recent: {}, recentSize: 0 };
}

/** Every entry, the latest value for each key. */
export function entriesOf<V>(record: LayeredRecord<V>): [string, V][] {
  return Object.entries({ ...record.base, ...record.recent });
}
