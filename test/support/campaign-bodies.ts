/**
 * Request bodies for `POST /v1/campaigns` (and terms for `PUT /v1/campaigns/:id/terms`) that the
 * end-to-end suites share. campaigns.e2e.spec.ts spells its body out field by field on purpose: it
 * is the suite about that shape.
 */

/** `usdCents` off the whole order, for any cart, under a public code, with no schedule. */
export function amountOffOrderCampaign(id: string, code: string, usdCents: number, limits: object = {}): Record<string, unknown> {
  return {
    id,
    name: id,
    advertisedText: `${usdCents / 100} USD off`,
    target: { categories: [], skus: [], excludeSkus: [] },
    conditions: {},
    benefit: { type: 'amount_off_order', amount: { USD: usdCents } },
    stacking: { mode: 'exclusive', priority: 10 },
    limits,
    schedule: {},
    codes: { type: 'public', code },
  };
}

/** SPRING40's terms: `amountOff` cents off a Fashion & Apparel purchase over 100 USD, running from 2026 to 2099. */
export function fashionOver100Terms(amountOff: number, limits: object = {}): Record<string, unknown> {
  return {
    advertisedText: `${amountOff / 100} USD off any purchase over 100 USD in Fashion & Apparel`,
    target: { categories: ['fashion-apparel'], skus: [], excludeSkus: [] },
    conditions: { minSubtotal: { USD: 10000 } },
    benefit: { type: 'amount_off_order', amount: { USD: amountOff } },
    stacking: { mode: 'exclusive', priority: 10 },
    limits,
    schedule: { startsAt: '2026-01-01T00:00:00Z', endsAt: '2099-12-31T23:59:59Z' },
  };
}
