import { Map as ImmutableMap } from 'immutable';

/**
 * A string-keyed map for folds over long streams (a campaign's budget sees every order): setting an
 * entry shares all but O(log n) of the old map's structure (immutable's hash array mapped trie), so
 * a fold over n events costs O(n log n), not the O(n²) of copying a plain object per event; and
 * every state stays immutable: one already handed to a decision never changes under it.
 */
export type PersistentMap<V> = ImmutableMap<string, V>;

export function emptyMap<V>(): PersistentMap<V> {
  return ImmutableMap<string, V>();
}

export function mapFrom<V>(entries: Readonly<Record<string, V>>): PersistentMap<V> {
  return ImmutableMap<string, V>(Object.entries(entries));
}

export function lookup<V>(map: PersistentMap<V>, key: string): V | undefined {
  return map.get(key);
}

export function withEntry<V>(map: PersistentMap<V>, key: string, value: V): PersistentMap<V> {
  return map.set(key, value);
}

/** Every entry, in insertion order of the keys. */
export function entriesOf<V>(map: PersistentMap<V>): [string, V][] {
  return [...map.entries()];
}
