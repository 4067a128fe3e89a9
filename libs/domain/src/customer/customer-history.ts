import { accept, type Decider, type Decision, type DomainCommand, type DomainEvent } from '../decider';
import type { CustomerHistory } from '../cart/cart.commands';

/**
 * What a customer's past orders mean for pricing: whether this is their first order, and how many
 * orders each campaign already discounted for them (perCustomer limits). Written at checkout and
 * on cancellation; read with the cart command, so a quote never rests on a lagging read model.
 */
export type CustomerOrderRecorded = DomainEvent<'CustomerOrderRecorded', { readonly customerId: string; readonly orderId: string; readonly campaignIds: readonly string[]; readonly recordedAt: string }>;
export type CustomerOrderVoided = DomainEvent<'CustomerOrderVoided', { readonly customerId: string; readonly orderId: string; readonly voidedAt: string }>;
export type CustomerEvent = CustomerOrderRecorded | CustomerOrderVoided;

export type RecordCustomerOrder = DomainCommand<'RecordCustomerOrder', { readonly customerId: string; readonly orderId: string; readonly campaignIds: readonly string[] }>;
export type VoidCustomerOrder = DomainCommand<'VoidCustomerOrder', { readonly customerId: string; readonly orderId: string }>;
export type CustomerCommand = RecordCustomerOrder | VoidCustomerOrder;

export interface CustomerState {
  /** Orders that still count, with the campaigns that discounted them. */
  readonly orders: Readonly<Record<string, readonly string[]>>;
}

export const initialCustomerState = (): CustomerState => ({ orders: {} });

export function evolveCustomer(state: CustomerState, event: CustomerEvent): CustomerState {
  if (event.type === 'CustomerOrderRecorded') return { orders: { ...state.orders, [event.data.orderId]: event.data.campaignIds } };
  const { [event.data.orderId]: _voided, ...rest } = state.orders;
  return { orders: rest };
}

/** Both commands are idempotent: recording an order twice or voiding an unknown one changes nothing. */
export function decideCustomer(command: CustomerCommand, state: CustomerState, context: { readonly now: string }): Decision<CustomerEvent> {
  const { customerId, orderId } = command.data;
  if (command.type === 'RecordCustomerOrder') {
    if (state.orders[orderId] !== undefined) return accept();
    return accept({ type: 'CustomerOrderRecorded', data: { customerId, orderId, campaignIds: command.data.campaignIds, recordedAt: context.now } });
  }
  if (state.orders[orderId] === undefined) return accept();
  return accept({ type: 'CustomerOrderVoided', data: { customerId, orderId, voidedAt: context.now } });
}

export function customerHistory(state: CustomerState): CustomerHistory {
  const redemptionsByCampaign: Record<string, number> = {};
  for (const campaignIds of Object.values(state.orders)) {
    for (const campaignId of campaignIds) redemptionsByCampaign[campaignId] = (redemptionsByCampaign[campaignId] ?? 0) + 1;
  }
  return { isFirstOrder: Object.keys(state.orders).length === 0, redemptionsByCampaign };
}

export const customerDecider: Decider<CustomerCommand, CustomerEvent, CustomerState, { readonly now: string }> = {
  initialState: initialCustomerState,
  evolve: evolveCustomer,
  decide: decideCustomer,
};
