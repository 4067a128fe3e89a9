import { type EventStore, type Position, type ReadAllOptions, samePosition, START_POSITION } from '@promo-ledger/event-store';

/** What a projection's pull loop needs of the store. */
export type LogReader = Pick<EventStore, 'readAll'>;

/** A page of at most `maxCount` events after `position`, never waiting; from the log's start, no position at all. */
export function pageAfter(position: Position, maxCount: number): ReadAllOptions {
  return samePosition(position, START_POSITION) ? { maxCount, noWait: true } : { fromPosition: position, maxCount, noWait: true };
}
