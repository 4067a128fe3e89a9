import { type OrderCommand, type OrderContext, orderDecider, type OrderEvent, type OrderState } from '@promo-ledger/domain';
import type { EventSourced } from '../application/stream-runner';

/**
 * The order plus the event the command just appended. That event's data (delta, mismatch, running
 * totals) is exactly what the caller needs back, and reading it rather than recomputing it keeps
 * the money arithmetic in one place: the decider.
 */
export interface OrderRecord {
  readonly order: OrderState;
  readonly last: OrderEvent | null;
  /** The event before `last`: a resolution with a refund appends DisputeResolved then RefundRecorded. */
  readonly previous: OrderEvent | null;
}

export const orderRecord: EventSourced<OrderCommand, OrderEvent, OrderRecord, OrderContext> = {
  initialState: () => ({ order: orderDecider.initialState(), last: null, previous: null }),
  evolve: (state, event) => ({ order: orderDecider.evolve(state.order, event), last: event, previous: state.last }),
  decide: (command, state, context) => orderDecider.decide(command, state.order, context),
};

/** The event a successful command appended, of the type it must have been; anything else is a bug. */
export function appended<Type extends OrderEvent['type']>(record: OrderRecord, type: Type): Extract<OrderEvent, { type: Type }> {
  const { last } = record;
  if (last === null || !isOfType(last, type)) throw new Error(`expected ${type} to have been appended, found ${last?.type ?? 'nothing'}`);
  return last;
}

function isOfType<Type extends OrderEvent['type']>(event: OrderEvent, type: Type): event is Extract<OrderEvent, { type: Type }> {
  return event.type === type;
}
