import { money, type CurrencyCode, type Money } from '../../money';
import type { Benefit, CampaignCodes, CampaignTerms } from '../../campaign/terms';
import type { AttachedCode, CampaignSnapshot, CartLineInput, CustomerFacts, PricingInput } from '../pricing.types';

/** Test builders: sensible defaults so each spec states only what it is about. Amounts are minor units (129_00 = 129.00). */

export const PRICED_AT = '2026-03-20T12:00:00Z';

export const usd = (minorUnits: number): Money => money(minorUnits, 'USD');
export const eur = (minorUnits: number): Money => money(minorUnits, 'EUR');
export const jpy = (yen: number): Money => money(yen, 'JPY');

export function aLine(sku: string, category: string, unitPrice: Money, quantity = 1): CartLineInput {
  return { sku, category, quantity, unitPrice };
}

export function aCustomer(overrides: Partial<CustomerFacts> = {}): CustomerFacts {
  return { customerId: 'customer-1', tags: [], channel: 'web', isFirstOrder: false, redemptionsByCampaign: {}, ...overrides };
}

export function someTerms(benefit: Benefit, overrides: Partial<CampaignTerms> = {}): CampaignTerms {
  return {
    advertisedText: 'A promotion',
    target: { categories: [], skus: [], excludeSkus: [] },
    conditions: {},
    benefit,
    stacking: { mode: 'exclusive', priority: 10 },
    limits: {},
    schedule: {},
    ...overrides,
  };
}

export interface CampaignOverrides {
  readonly campaignId?: string;
  readonly name?: string;
  readonly version?: number;
  readonly status?: CampaignSnapshot['status'];
  readonly codes?: CampaignCodes;
  readonly usage?: CampaignSnapshot['usage'];
}

export function aCampaign(terms: CampaignTerms, overrides: CampaignOverrides = {}): CampaignSnapshot {
  return {
    campaignId: 'campaign-1',
    name: 'Promotion',
    version: 1,
    status: 'active',
    codes: { type: 'none' },
    usage: { redemptions: 0, discountGiven: {} },
    ...overrides,
    terms,
  };
}

/** SPRING40 from the design: 40.00 USD off the order when the fashion-apparel subtotal is at least 100.00 USD. */
export function spring40(overrides: CampaignOverrides = {}, terms: Partial<CampaignTerms> = {}): CampaignSnapshot {
  return aCampaign(
    someTerms(
      { type: 'amount_off_order', amount: { USD: 40_00 } },
      {
        advertisedText: '40.00 USD off fashion when you spend 100.00 USD',
        target: { categories: ['fashion-apparel'], skus: [], excludeSkus: [] },
        conditions: { minSubtotal: { USD: 100_00 } },
        stacking: { mode: 'exclusive', priority: 10 },
        schedule: { startsAt: '2026-03-15T10:00:00Z', endsAt: '2026-03-31T23:59:59Z' },
        ...terms,
      },
    ),
    { campaignId: 'spring40', name: 'Spring sale', version: 2, codes: { type: 'public', code: 'SPRING40' }, ...overrides },
  );
}

export function aCode(code: string, campaignId: string | null, alreadyRedeemed = false): AttachedCode {
  return alreadyRedeemed ? { code, campaignId, alreadyRedeemed } : { code, campaignId };
}

export function aCart(
  lines: readonly CartLineInput[],
  overrides: Partial<PricingInput> & { currency?: CurrencyCode } = {},
): PricingInput {
  const currency = overrides.currency ?? lines.at(0)?.unitPrice.currency ?? 'USD';
  return {
    currency,
    lines,
    shipping: money(0, currency),
    customer: aCustomer(),
    campaigns: [],
    attachedCodes: [],
    at: PRICED_AT,
    ...overrides,
  };
}
