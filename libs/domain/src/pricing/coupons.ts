import type { CodeResolution } from './campaign-selection';
import { explainAlreadyRedeemed, explainDuplicateCode, explainUnknownCode } from './explanations';
import type { CampaignEvaluation, CouponStatus } from './pricing.types';

/**
 * One status per attached code, in attach order. A code is applied exactly when its campaign's
 * evaluation is; otherwise it carries that evaluation's reason and sentence (NOT_STACKABLE
 * included), and the cart decider decides from PERMANENT_REASONS whether to keep or reject it.
 */
export function couponStatuses(codes: readonly CodeResolution[], evaluationsById: ReadonlyMap<string, CampaignEvaluation>): CouponStatus[] {
  return codes.map((resolution): CouponStatus => {
    switch (resolution.kind) {
      case 'unknown':
        return { code: resolution.code, campaignId: null, status: 'not_eligible', reason: 'UNKNOWN_CODE', explanation: explainUnknownCode(resolution.code) };
      case 'already_redeemed':
        return {
          code: resolution.code,
          campaignId: resolution.campaignId,
          status: 'not_eligible',
          reason: 'CODE_ALREADY_REDEEMED',
          explanation: explainAlreadyRedeemed(resolution.code),
        };
      case 'duplicate':
        return {
          code: resolution.code,
          campaignId: resolution.campaign.campaignId,
          status: 'not_eligible',
          reason: 'NOT_STACKABLE',
          explanation: explainDuplicateCode(resolution.code, resolution.campaign),
        };
      case 'evaluated':
        return fromEvaluation(resolution.code, evaluationsById.get(resolution.campaign.campaignId));
      default: {
        const unknown: never = resolution;
        throw new Error(`unknown code resolution ${JSON.stringify(unknown)}`);
      }
    }
  });
}

function fromEvaluation(code: string, evaluation: CampaignEvaluation | undefined): CouponStatus {
  if (evaluation === undefined) throw new Error(`code ${code} was selected but its campaign was never evaluated`);
  return {
    code,
    campaignId: evaluation.campaignId,
    status: evaluation.outcome === 'applied' ? 'applied' : 'not_eligible',
    reason: evaluation.reason,
    explanation: evaluation.explanation,
  };
}
