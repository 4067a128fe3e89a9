import { type CampaignEvent, evolveCampaign, initialCampaignState, type Rejection } from '@promo-ledger/domain';
import type { CampaignWork } from '@promo-ledger/projections';
import type { ReplayOptions, WhatIf } from './audit-report';
import { domainEvent, type OrderHistory } from './order-history';

export interface WhatIfTerms {
  readonly rule: WhatIf;
  readonly termsByVersion: CampaignWork['campaign']['termsByVersion'];
}

/**
 * Which campaign a what-if judges by which terms. The terms come from the campaign's whole stream,
 * so a version written after the order (today's terms) can be tried on it. Refusals are values
 * whose sentence says what to ask instead.
 */
export function chooseWhatIf(history: OrderHistory, options: ReplayOptions): WhatIfTerms | null | Rejection {
  if (options.mode === 'as-recorded') {
    if (options.termsVersion === undefined && options.campaignId === undefined) return null;
    return { code: 'AUDIT.INVALID_OPTIONS', message: 'termsVersion and campaignId apply to mode=what-if only; add mode=what-if or leave them out.' };
  }
  const campaignId = options.campaignId ?? onlyCampaign(history);
  if (typeof campaignId !== 'string') return campaignId;
  const stream = history.campaignStreams.get(campaignId);
  if (!history.campaignIds.includes(campaignId) || stream === undefined) {
    return {
      code: 'AUDIT.INVALID_CAMPAIGN',
      message: `Order ${history.orderId} does not involve campaign ${campaignId}; choose one of: ${history.campaignIds.join(', ') || 'none'}.`,
    };
  }
  const campaign = stream.reduce((state, recorded) => evolveCampaign(state, domainEvent(recorded) as CampaignEvent), initialCampaignState());
  if (campaign.status === 'none') return { code: 'AUDIT.INVALID_CAMPAIGN', message: `Campaign ${campaignId} was never created; choose another campaign.` };
  const termsVersion = options.termsVersion ?? campaign.version;
  if (campaign.termsByVersion[termsVersion] === undefined) {
    return {
      code: 'AUDIT.TERMS_VERSION_NOT_FOUND',
      message: `Campaign ${campaignId} has terms versions 1 to ${campaign.version}, not ${termsVersion}; choose one of them, or leave termsVersion out for the current terms.`,
      details: { campaignId, latestVersion: campaign.version },
    };
  }
  return { rule: { campaignId, termsVersion }, termsByVersion: campaign.termsByVersion };
}

function onlyCampaign(history: OrderHistory): string | Rejection {
  if (history.campaignIds.length === 1) return history.campaignIds[0];
  if (history.campaignIds.length === 0) {
    return { code: 'AUDIT.NO_CAMPAIGN', message: `Order ${history.orderId} involved no campaign, so a what-if has no terms to change; replay it as recorded.` };
  }
  return {
    code: 'AUDIT.INVALID_CAMPAIGN',
    message: `Order ${history.orderId} involves several campaigns (${history.campaignIds.join(', ')}); name the one to judge differently with campaignId.`,
  };
}
