import type { StoredEvent, StoredEventType } from '@promo-ledger/domain';
import type { Position, RecordedEvent } from '@promo-ledger/event-store';

/**
 * A recorded event as the part of the domain union a read model handles, so an exhaustive `switch`
 * on its type narrows `data`; null for every other type (projections see the whole log).
 */
export function eventOf<Type extends StoredEventType>(event: RecordedEvent, handled: ReadonlySet<Type>): Extract<StoredEvent, { type: Type }> | null {
  if (!(handled as ReadonlySet<string>).has(event.type)) return null;
  return { type: event.type, data: event.data } as unknown as Extract<StoredEvent, { type: Type }>;
}

/** `order-o1` → `o1`: the aggregate id after the stream's category prefix. */
export function idInStream(streamId: string, category: string): string {
  return streamId.startsWith(`${category}-`) ? streamId.slice(category.length + 1) : streamId;
}

/** The start of the UTC minute an instant falls in, as ISO-8601. */
export function minuteOf(instant: string): string {
  const millis = Date.parse(instant);
  if (Number.isNaN(millis)) throw new RangeError(`not an instant: "${instant}"`);
  return new Date(Math.floor(millis / 60_000) * 60_000).toISOString();
}

/**
 * A row id that sorts like the log: the event's position zero-padded (commit, prepare), plus an
 * index when one event makes several rows. Text comparison then follows log order.
 */
export function positionKey(position: Position, index?: number): string {
  const key = `${position.commit.toString().padStart(20, '0')}-${position.prepare.toString().padStart(20, '0')}`;
  return index === undefined ? key : `${key}-${index.toString().padStart(4, '0')}`;
}

/** `excluded.a = …` for every column but the key: an upsert that replaces the row with the one the batch computed. */
export function replaceColumns(columns: readonly string[], key: readonly string[]): string {
  return columns
    .filter((column) => !key.includes(column))
    .map((column) => `${column} = excluded.${column}`)
    .join(', ');
}
