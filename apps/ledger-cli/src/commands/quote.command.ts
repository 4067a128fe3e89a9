import {
  type AttachedCode, type CampaignCodes, type CampaignSnapshot, type CartLineInput, formatMoney, money, priceCart,
  validateTerms,
} from '@promo-ledger/domain';
import { termsFromCampaignBody } from './campaign-body';
import { CliInputError, isRecord, readJsonFile } from './read-json';
import type { CommandOutput } from './terms-check.command';

/**
 * `ledger quote <file>`: what a cart would cost under a set of campaigns, priced offline by the
 * same pure function the ledger uses, so marketing can try terms before publishing them.
 *
 * File: { at, currency, lines: [{ sku, category, quantity, unitPrice }], shipping?, codes?,
 *         customer?: { customerId, tags, channel, isFirstOrder }, campaigns: [campaign bodies] }
 * Amounts are minor units of `currency`. Every campaign is taken as active, version 1, unused.
 */
interface QuoteFile {
  readonly at: string;
  readonly currency: string;
  readonly lines: readonly { sku: string; category: string; quantity: number; unitPrice: number }[];
  readonly shipping?: number;
  readonly codes?: readonly string[];
  readonly customer?: { customerId?: string; tags?: string[]; channel?: string; isFirstOrder?: boolean };
  readonly campaigns: readonly Record<string, unknown>[];
}

function asQuoteFile(value: unknown, path: string): QuoteFile {
  const ok = isRecord(value) && typeof value.at === 'string' && typeof value.currency === 'string'
    && Array.isArray(value.lines) && Array.isArray(value.campaigns);
  if (!ok) throw new CliInputError(`${path} must hold { at, currency, lines: [...], campaigns: [...] }`);
  return value as unknown as QuoteFile;
}

function toSnapshot(body: Record<string, unknown>, index: number): CampaignSnapshot {
  const parsed = termsFromCampaignBody(body);
  const campaignId = typeof body.id === 'string' ? body.id : `campaign-${index + 1}`;
  if ('problems' in parsed) throw new CliInputError(`campaign ${campaignId}: ${parsed.problems.join('; ')}`);
  const problems = validateTerms(parsed.terms);
  if (problems.length > 0) {
    throw new CliInputError(`campaign ${campaignId}: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
  }
  return {
    campaignId,
    name: typeof body.name === 'string' ? body.name : campaignId,
    version: 1,
    status: 'active',
    terms: parsed.terms,
    codes: (isRecord(body.codes) ? body.codes : { type: 'none' }) as unknown as CampaignCodes,
    usage: { redemptions: 0, discountGiven: {} },
  };
}

function resolveCode(code: string, campaigns: readonly CampaignSnapshot[]): AttachedCode {
  const owner = campaigns.find((campaign) => campaign.codes.type === 'public' && campaign.codes.code === code);
  return { code, campaignId: owner ? owner.campaignId : null };
}

export async function quote(path: string): Promise<CommandOutput> {
  const file = asQuoteFile(await readJsonFile(path), path);
  const campaigns = file.campaigns.map(toSnapshot);
  const lines: CartLineInput[] = file.lines.map((line) => ({ ...line, unitPrice: money(line.unitPrice, file.currency) }));
  const result = priceCart({
    currency: file.currency,
    lines,
    shipping: money(file.shipping ?? 0, file.currency),
    customer: {
      customerId: file.customer?.customerId ?? 'customer',
      tags: file.customer?.tags ?? [],
      channel: file.customer?.channel,
      isFirstOrder: file.customer?.isFirstOrder ?? false,
      redemptionsByCampaign: {},
    },
    campaigns: campaigns.filter((campaign) => campaign.codes.type === 'none' || (file.codes ?? []).some((code) => resolveCode(code, campaigns).campaignId === campaign.campaignId)),
    attachedCodes: (file.codes ?? []).map((code) => resolveCode(code, campaigns)),
    at: file.at,
  });
  return {
    exitCode: 0,
    lines: [
      ...result.lines.map((line) => `${line.sku} ×${line.quantity}  ${formatMoney(line.lineTotal)}  −${formatMoney(line.discount)}  = ${formatMoney(line.netTotal)}`),
      `subtotal ${formatMoney(result.subtotal)}, shipping ${formatMoney(result.shipping)}`,
      ...result.evaluations.map((evaluation) => `  ${evaluation.outcome}: ${evaluation.explanation}`),
      ...result.coupons.filter((coupon) => coupon.campaignId === null).map((coupon) => `  ${coupon.status}: ${coupon.explanation}`),
      `total ${formatMoney(result.total)}`,
    ],
  };
}
