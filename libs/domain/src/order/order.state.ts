import { assertNever } from '../decider';
import { zero, type Money } from '../money';
import type { OrderEvent, OrderPlaced } from './order.events';

export interface Dispute {
  readonly reason: string;
  readonly openedBy: string;
  readonly status: 'open' | 'resolved';
}

export interface ExistingOrder {
  readonly status: 'placed' | 'cancelled';
  readonly placed: OrderPlaced['data'];
  readonly charged: Money;
  readonly refunded: Money;
  readonly paymentRefs: readonly string[];
  readonly refundRefs: readonly string[];
  readonly disputes: Readonly<Record<string, Dispute>>;
}

export type OrderState = { readonly status: 'none' } | ExistingOrder;

export const initialOrderState = (): OrderState => ({ status: 'none' });

export function evolveOrder(state: OrderState, event: OrderEvent): OrderState {
  if (event.type === 'OrderPlaced') {
    const currency = event.data.currency;
    return {
      status: 'placed', placed: event.data, charged: zero(currency), refunded: zero(currency),
      paymentRefs: [], refundRefs: [], disputes: {},
    };
  }
  if (state.status === 'none') throw new Error(`${event.type} before OrderPlaced`);
  switch (event.type) {
    case 'ChargeRecorded':
      return { ...state, charged: event.data.totalCharged, paymentRefs: [...state.paymentRefs, event.data.paymentRef] };
    case 'RefundRecorded':
      return { ...state, refunded: event.data.totalRefunded, refundRefs: [...state.refundRefs, event.data.refundRef] };
    case 'OrderCancelled':
      return { ...state, status: 'cancelled' };
    case 'DisputeOpened': {
      const { disputeId, reason, openedBy } = event.data;
      return { ...state, disputes: { ...state.disputes, [disputeId]: { reason, openedBy, status: 'open' } } };
    }
    case 'DisputeResolved': {
      const dispute = state.disputes[event.data.disputeId];
      if (dispute === undefined) throw new Error(`DisputeResolved for unknown dispute ${event.data.disputeId}`);
      return { ...state, disputes: { ...state.disputes, [event.data.disputeId]: { ...dispute, status: 'resolved' } } };
    }
    default:
      return assertNever(event);
  }
}
