import { spec } from '../testing/decider-spec';
import { customerDecider, customerHistory, type CustomerEvent } from './customer-history';

const now = { now: '2026-03-20T12:00:00Z' };
const recorded = (orderId: string, campaignIds: string[]): CustomerEvent => ({
  type: 'CustomerOrderRecorded',
  data: { customerId: 'cust-1', orderId, campaignIds, recordedAt: now.now },
});
const voided = (orderId: string): CustomerEvent => ({ type: 'CustomerOrderVoided', data: { customerId: 'cust-1', orderId, voidedAt: now.now } });
const customers = spec(customerDecider);

describe('customer history', () => {
  it('a customer without orders is on their first order', () => {
    expect(customerHistory(customers.given([]).state)).toEqual({ isFirstOrder: true, redemptionsByCampaign: {} });
  });

  it('records an order and counts each campaign that discounted it', () => {
    customers.given([]).when({ type: 'RecordCustomerOrder', data: { customerId: 'cust-1', orderId: 'o1', campaignIds: ['spring40'] } }, now)
      .then([recorded('o1', ['spring40'])]);
    const { state } = customers.given([recorded('o1', ['spring40']), recorded('o2', ['spring40', 'ship'])]);
    expect(customerHistory(state)).toEqual({ isFirstOrder: false, redemptionsByCampaign: { spring40: 2, ship: 1 } });
  });

  it('recording the same order twice changes nothing (a retried checkout)', () => {
    customers.given([recorded('o1', ['spring40'])])
      .when({ type: 'RecordCustomerOrder', data: { customerId: 'cust-1', orderId: 'o1', campaignIds: ['spring40'] } }, now)
      .then([]);
  });

  it('a voided (cancelled) order no longer counts', () => {
    customers.given([recorded('o1', ['spring40'])]).when({ type: 'VoidCustomerOrder', data: { customerId: 'cust-1', orderId: 'o1' } }, now).then([voided('o1')]);
    expect(customerHistory(customers.given([recorded('o1', ['spring40']), voided('o1')]).state)).toEqual({ isFirstOrder: true, redemptionsByCampaign: {} });
  });

  it('voiding an order it never recorded changes nothing', () => {
    customers.given([]).when({ type: 'VoidCustomerOrder', data: { customerId: 'cust-1', orderId: 'nope' } }, now).then([]);
  });
});
