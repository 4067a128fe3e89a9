import type { BudgetEvent } from '../budget/budget.events';
import type { CampaignEvent } from '../campaign/campaign.events';
import type { CartEvent } from '../cart/cart.events';
import type { UniqueCodeEvent } from '../code/unique-code.events';
import type { OrderEvent } from '../order/order.events';
import type { PriceEvent } from '../price/price.events';
import type { CustomerEvent } from '../customer/customer-history';
import type { CampaignRegistryEvent } from '../registry/campaign-registry';
import type { MonitorEvent } from '../monitor/monitor.events';
import {
  EVENT_REGISTRY,
  budgetStream,
  campaignStream,
  cartStream,
  codeStream,
  eventRegistration,
  orderStream,
  priceStream,
  streamCategory,
  type EventCategory,
} from './event-registry';

// Each literal must name every member of its union (the compiler refuses a missing or extra key),
// so a new event type fails here until it is registered.
const campaign: Record<CampaignEvent['type'], true> = {
  CampaignCreated: true, CampaignTermsRevised: true, CampaignActivated: true, CampaignPaused: true,
  CampaignEnded: true, CampaignScheduleChanged: true, CouponCodesIssued: true,
};
const price: Record<PriceEvent['type'], true> = { PriceSet: true };
const cart: Record<CartEvent['type'], true> = {
  CartOpened: true, ItemAdded: true, ItemQuantityChanged: true, ItemRemoved: true, ShippingSet: true, CouponAttached: true,
  CouponRejected: true, CouponDetached: true, QuoteIssued: true, CartCheckedOut: true, CartAbandoned: true,
};
const order: Record<OrderEvent['type'], true> = {
  OrderPlaced: true, ChargeRecorded: true, RefundRecorded: true, OrderCancelled: true, DisputeOpened: true, DisputeResolved: true,
};
const budget: Record<BudgetEvent['type'], true> = { RedemptionReserved: true, RedemptionConfirmed: true, RedemptionReleased: true };
const code: Record<UniqueCodeEvent['type'], true> = { UniqueCodeRedeemed: true, UniqueCodeReleased: true };
const registry: Record<CampaignRegistryEvent['type'], true> = { CampaignRegistered: true };
const customer: Record<CustomerEvent['type'], true> = { CustomerOrderRecorded: true, CustomerOrderVoided: true };
const monitor: Record<MonitorEvent['type'], true> = { AlertRaised: true, AlertUpdated: true, AlertResolved: true };

const unions: [EventCategory, Record<string, true>][] = [
  ['campaign', campaign], ['price', price], ['cart', cart], ['order', order], ['budget', budget], ['code', code], ['registry', registry], ['customer', customer], ['monitor', monitor],
];

describe('event registry', () => {
  it.each(unions)('registers every %s event under its category', (category, types) => {
    for (const type of Object.keys(types)) expect(eventRegistration(type)).toMatchObject({ type, category, schemaVersion: expect.any(Number) as number });
  });

  it('holds each stored name once, and nothing that is not an event', () => {
    const names = EVENT_REGISTRY.map((entry) => entry.type);
    expect(new Set(names).size).toBe(names.length);
    expect(names.sort()).toEqual(unions.flatMap(([, types]) => Object.keys(types)).sort());
  });

  it('uses plain PascalCase names (never a class-like *Event name) with positive schema versions', () => {
    for (const entry of EVENT_REGISTRY) {
      expect(entry.type).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(entry.type).not.toMatch(/Event$/);
      expect(Number.isSafeInteger(entry.schemaVersion) && entry.schemaVersion > 0).toBe(true);
    }
  });

  it('builds stream ids as <category>-<id>', () => {
    expect(campaignStream('spring40')).toBe('campaign-spring40');
    expect(priceStream('JACKET-1')).toBe('price-JACKET-1');
    expect(cartStream('c1')).toBe('cart-c1');
    expect(orderStream('o1')).toBe('order-o1');
    expect(budgetStream('spring40')).toBe('budget-spring40');
    expect(codeStream('vip', 'VIP-AAAA')).toBe('code-vip-VIP-AAAA');
    expect(streamCategory('price-JACKET-1')).toBe('price');
    expect(streamCategory('$all')).toBeNull();
    expect(() => cartStream('')).toThrow(RangeError);
    expect(() => orderStream('a b')).toThrow(RangeError);
  });
});
