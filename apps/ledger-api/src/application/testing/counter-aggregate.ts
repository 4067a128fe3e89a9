import { accept } from '@promo-ledger/domain';
import { EventTypeRegistry } from '@promo-ledger/event-store';
import type { EventSourced } from '../stream-runner';

/** The event of the StreamRunner specs' aggregate. */
export interface Counted {
  readonly type: 'Counted';
  readonly data: { readonly by: number };
}

/** The smallest aggregate there is: a running total. */
export const counter: EventSourced<{ by: number }, Counted, number, object> = {
  initialState: () => 0,
  evolve: (total, event) => total + event.data.by,
  decide: (command) => accept<Counted>({ type: 'Counted', data: { by: command.by } }),
};

/** The types a store needs to hold Counted events. */
export const counterRegistry = (): EventTypeRegistry => new EventTypeRegistry({ Counted: { schemaVersion: 1 } });
