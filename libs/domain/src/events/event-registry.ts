import type { BudgetEvent } from '../budget/budget.events';
import type { CampaignEvent } from '../campaign/campaign.events';
import type { CartEvent } from '../cart/cart.events';
import type { UniqueCodeEvent } from '../code/unique-code.events';
import type { OrderEvent } from '../order/order.events';
import type { PriceEvent } from '../price/price.events';
import type { CustomerEvent } from '../customer/customer-history';
import type { CampaignRegistryEvent } from '../registry/campaign-registry';
import type { MonitorEvent } from '../monitor/monitor.events';

/** Every event the store holds. */
export type StoredEvent = CampaignEvent | PriceEvent | CartEvent | OrderEvent | BudgetEvent | UniqueCodeEvent | CampaignRegistryEvent | CustomerEvent | MonitorEvent;
export type StoredEventType = StoredEvent['type'];

export type EventCategory = 'campaign' | 'price' | 'cart' | 'order' | 'budget' | 'code' | 'registry' | 'customer' | 'monitor';

export interface EventRegistration {
  /** The name stored with the event. Never derived from a class name; never changed once stored. */
  readonly type: StoredEventType;
  /** Bumped when the data shape changes; older shapes are upcast on read. */
  readonly schemaVersion: number;
  readonly category: EventCategory;
}

const registration = (category: EventCategory, schemaVersion: number, ...types: StoredEventType[]): EventRegistration[] =>
  types.map((type) => ({ type, schemaVersion, category }));

/** The one table of stored event names. */
export const EVENT_REGISTRY: readonly EventRegistration[] = [
  ...registration('campaign', 1, 'CampaignCreated', 'CampaignTermsRevised', 'CampaignActivated', 'CampaignPaused', 'CampaignEnded', 'CampaignScheduleChanged', 'CouponCodesIssued'),
  ...registration('price', 1, 'PriceSet'),
  ...registration(
    'cart', 1,
    'CartOpened', 'ItemAdded', 'ItemQuantityChanged', 'ItemRemoved', 'ShippingSet', 'CouponAttached', 'CouponRejected',
    'CouponDetached', 'QuoteIssued', 'CartCheckedOut', 'CartAbandoned',
  ),
  ...registration('order', 1, 'OrderPlaced', 'ChargeRecorded', 'RefundRecorded', 'OrderCancelled', 'DisputeOpened', 'DisputeResolved'),
  ...registration('budget', 1, 'RedemptionReserved', 'RedemptionConfirmed', 'RedemptionReleased'),
  ...registration('code', 1, 'UniqueCodeRedeemed', 'UniqueCodeReleased'),
  ...registration('registry', 1, 'CampaignRegistered'),
  ...registration('customer', 1, 'CustomerOrderRecorded', 'CustomerOrderVoided'),
  ...registration('monitor', 1, 'AlertRaised', 'AlertUpdated', 'AlertResolved'),
];

const byType = new Map<string, EventRegistration>(EVENT_REGISTRY.map((entry) => [entry.type, entry]));

/** The registration of a stored name, or undefined for a name this code does not know. */
export function eventRegistration(type: string): EventRegistration | undefined {
  return byType.get(type);
}

export function isStoredEventType(type: string): type is StoredEventType {
  return byType.has(type);
}

// Stream ids are `<category>-<id>`; ids must be non-empty and free of whitespace.
function streamId(category: EventCategory, ...parts: string[]): string {
  for (const part of parts) {
    if (part === '' || /\s/.test(part)) throw new RangeError(`invalid ${category} stream id part "${part}"`);
  }
  return [category, ...parts].join('-');
}

export const campaignStream = (campaignId: string): string => streamId('campaign', campaignId);
export const priceStream = (sku: string): string => streamId('price', sku);
export const cartStream = (cartId: string): string => streamId('cart', cartId);
export const orderStream = (orderId: string): string => streamId('order', orderId);
export const budgetStream = (campaignId: string): string => streamId('budget', campaignId);
/** One stream per single-use code; the code is the last part, so it is read back after the last `-` of the campaign id. */
export const codeStream = (campaignId: string, code: string): string => streamId('code', campaignId, code);
/** The single campaign registry stream (code → campaign, automatic campaigns). */
export const campaignRegistryStream = (): string => streamId('registry', 'campaigns');
export const customerStream = (customerId: string): string => streamId('customer', customerId);
/** One stream per built-in monitor rule: the alerts it raised and resolved. */
export const monitorStream = (rule: string): string => streamId('monitor', rule);

/** The category a stream id belongs to (the part before the first `-`), or null for a foreign stream. */
export function streamCategory(id: string): EventCategory | null {
  const prefix = id.slice(0, id.indexOf('-'));
  const categories: readonly EventCategory[] = ['campaign', 'price', 'cart', 'order', 'budget', 'code', 'registry', 'customer', 'monitor'];
  return categories.find((category) => category === prefix) ?? null;
}
