import type { CampaignState, CampaignTerms } from '@promo-ledger/domain';
import type { StreamResult } from '../application/stream-runner';
import { ProblemException } from '../http/problem';

export interface CampaignResponse extends CampaignTerms {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly codes: unknown;
  /** The terms version in force (PUT …/terms makes n+1). */
  readonly termsVersion: number;
  /** The campaign stream's version: the ETag, and what If-Match takes. */
  readonly version: number;
  readonly position: string | null;
  readonly issuedCodes: number;
  readonly createdAt: string;
}

export function campaignResponse(result: StreamResult<CampaignState>): CampaignResponse {
  const { state } = result;
  if (state.status === 'none') throw new ProblemException(404, 'CAMPAIGN.NOT_FOUND', 'There is no such campaign; check the id or create it first.');
  const terms = state.termsByVersion[state.version];
  return {
    id: state.campaignId,
    name: state.name,
    status: state.status,
    codes: state.codes,
    termsVersion: state.version,
    ...terms,
    version: Number(result.version),
    position: result.position,
    issuedCodes: state.issuedCodes.length,
    createdAt: state.createdAt,
  };
}
