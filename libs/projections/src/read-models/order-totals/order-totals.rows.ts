import type { CustomerState, PriceState } from '@promo-ledger/domain';
import { toInteger, toIsoInstant, toIsoInstantOrNull } from '../../engine/sql-values';
import type { OrderTotals } from './order-row';
import type { OrderTotalsStatus, StoredDiscount } from './order-totals.tables';
import type { RowMapping } from './state-rows';
import type { CampaignWork, CartWork } from './working-state';

type SqlRow = Readonly<Record<string, unknown>>;

const integerOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : toInteger(value));
const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export const orderTotalsMapping: RowMapping<OrderTotals> = {
  key: 'cart_id',
  toRow: (_key, totals, position) => ({ ...totals, position }),
  fromRow: (row) => ({
    key: String(row.cart_id),
    state: {
      cart_id: String(row.cart_id),
      order_id: textOrNull(row.order_id),
      customer_id: String(row.customer_id),
      currency: String(row.currency),
      status: String(row.status) as OrderTotalsStatus,
      subtotal: toInteger(row.subtotal),
      shipping: toInteger(row.shipping),
      discount_total: toInteger(row.discount_total),
      discounts: row.discounts as StoredDiscount[],
      quote_id: textOrNull(row.quote_id),
      quoted_total: integerOrNull(row.quoted_total),
      expected_total: integerOrNull(row.expected_total),
      recorded_expected_total: integerOrNull(row.recorded_expected_total),
      inconsistency: row.inconsistency === true,
      inconsistency_note: textOrNull(row.inconsistency_note),
      charged: toInteger(row.charged),
      refunded: toInteger(row.refunded),
      delta: integerOrNull(row.delta),
      opened_at: toIsoInstant(row.opened_at),
      placed_at: toIsoInstantOrNull(row.placed_at),
      updated_at: toIsoInstant(row.updated_at),
    },
  }),
};

/** A working table: key, the state as JSON, position. */
function jsonState<State>(key: string): RowMapping<State> {
  return {
    key,
    toRow: (id, state, position) => ({ [key]: id, state, position }),
    fromRow: (row: SqlRow) => ({ key: String(row[key]), state: row.state as State }),
  };
}

export const cartsMapping = jsonState<CartWork>('cart_id');
export const pricesMapping = jsonState<PriceState>('sku');
export const customersMapping = jsonState<CustomerState>('customer_id');

export const campaignsMapping: RowMapping<CampaignWork> = {
  key: 'campaign_id',
  toRow: (campaignId, work, position) => ({
    campaign_id: campaignId,
    automatic: work.campaign.codes.type === 'none',
    status: work.campaign.status,
    state: work,
    position,
  }),
  fromRow: (row) => ({ key: String(row.campaign_id), state: row.state as CampaignWork }),
};
