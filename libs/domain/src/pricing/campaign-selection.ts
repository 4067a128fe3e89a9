import { PricingInvariantError } from './cart-lines';
import type { CampaignSnapshot, PricingInput } from './pricing.types';

/** A campaign to judge against the cart, and the code that brought it in (null for automatic campaigns). */
export interface CampaignToEvaluate {
  readonly campaign: CampaignSnapshot;
  readonly code: string | null;
}

/** What became of each attached code before any campaign is judged. */
export type CodeResolution =
  | { readonly kind: 'unknown'; readonly code: string }
  | { readonly kind: 'already_redeemed'; readonly code: string; readonly campaignId: string }
  /** A second code for a campaign that is already being evaluated: a campaign applies once per cart. */
  | { readonly kind: 'duplicate'; readonly code: string; readonly campaign: CampaignSnapshot }
  | { readonly kind: 'evaluated'; readonly code: string; readonly campaign: CampaignSnapshot };

export interface CampaignSelection {
  readonly toEvaluate: readonly CampaignToEvaluate[];
  readonly codes: readonly CodeResolution[];
}

function campaignsById(campaigns: readonly CampaignSnapshot[]): Map<string, CampaignSnapshot> {
  const byId = new Map<string, CampaignSnapshot>();
  for (const campaign of campaigns) {
    if (byId.has(campaign.campaignId)) {
      throw new PricingInvariantError(`campaign ${campaign.campaignId} was passed twice; pass one snapshot per campaign`);
    }
    byId.set(campaign.campaignId, campaign);
  }
  return byId;
}

/**
 * Automatic campaigns (codes.type none) are always judged; a coded campaign only when a usable code
 * for it is attached. Codes are resolved in the order the shopper attached them, so with two codes
 * for one campaign the first one counts.
 */
export function selectCampaigns(input: PricingInput): CampaignSelection {
  const byId = campaignsById(input.campaigns);
  const selected = new Map<string, CampaignToEvaluate>();
  for (const campaign of input.campaigns) {
    if (campaign.codes.type === 'none') selected.set(campaign.campaignId, { campaign, code: null });
  }
  const codes = input.attachedCodes.map((attached): CodeResolution => {
    if (attached.campaignId === null) return { kind: 'unknown', code: attached.code };
    if (attached.alreadyRedeemed === true) {
      return { kind: 'already_redeemed', code: attached.code, campaignId: attached.campaignId };
    }
    const campaign = byId.get(attached.campaignId);
    if (campaign === undefined) {
      throw new PricingInvariantError(`code ${attached.code} points at campaign ${attached.campaignId}, which was not passed in`);
    }
    if (selected.has(campaign.campaignId)) return { kind: 'duplicate', code: attached.code, campaign };
    selected.set(campaign.campaignId, { campaign, code: attached.code });
    return { kind: 'evaluated', code: attached.code, campaign };
  });
  return { toEvaluate: [...selected.values()], codes };
}
