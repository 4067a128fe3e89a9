import { assertNever } from '../decider';
import type { CampaignSnapshot, CampaignStatus } from '../pricing/pricing.types';
import type { CampaignEvent } from './campaign.events';
import type { CampaignCodes, CampaignTerms } from './terms';

export interface ExistingCampaign {
  readonly status: CampaignStatus;
  readonly campaignId: string;
  readonly name: string;
  readonly codes: CampaignCodes;
  /** The terms version in force: the latest one. */
  readonly version: number;
  /** Every version ever in force, so a quote or an audit can name the terms it relied on. */
  readonly termsByVersion: Readonly<Record<number, CampaignTerms>>;
  readonly issuedCodes: readonly string[];
  readonly createdAt: string;
}

export type CampaignState = { readonly status: 'none' } | ExistingCampaign;

export const initialCampaignState = (): CampaignState => ({ status: 'none' });

export function evolveCampaign(state: CampaignState, event: CampaignEvent): CampaignState {
  if (event.type === 'CampaignCreated') {
    const { campaignId, name, codes, terms, version, createdAt } = event.data;
    return { status: 'draft', campaignId, name, codes, version, termsByVersion: { [version]: terms }, issuedCodes: [], createdAt };
  }
  // Any other event on a stream that was never created is a broken store, not a business case.
  if (state.status === 'none') throw new Error(`${event.type} before CampaignCreated`);
  switch (event.type) {
    case 'CampaignTermsRevised':
      return withVersion(state, event.data.version, event.data.terms);
    case 'CampaignScheduleChanged':
      return withVersion(state, event.data.version, { ...termsInForce(state), schedule: event.data.schedule });
    case 'CampaignActivated':
      return { ...state, status: 'active' };
    case 'CampaignPaused':
      return { ...state, status: 'paused' };
    case 'CampaignEnded':
      return { ...state, status: 'ended' };
    case 'CouponCodesIssued':
      return { ...state, issuedCodes: [...state.issuedCodes, ...event.data.codes] };
    default:
      return assertNever(event);
  }
}

function withVersion(state: ExistingCampaign, version: number, terms: CampaignTerms): ExistingCampaign {
  return { ...state, version, termsByVersion: { ...state.termsByVersion, [version]: terms } };
}

export function termsInForce(state: ExistingCampaign): CampaignTerms {
  return termsAtVersion(state, state.version);
}

export function termsAtVersion(state: ExistingCampaign, version: number): CampaignTerms {
  const terms = state.termsByVersion[version];
  if (terms === undefined) throw new RangeError(`campaign ${state.campaignId} has no terms version ${version}`);
  return terms;
}

/** The campaign as pricing sees it: the terms version in force plus what its budget has consumed. */
export function toSnapshot(state: CampaignState, usage: CampaignSnapshot['usage']): CampaignSnapshot {
  if (state.status === 'none') throw new Error('cannot snapshot a campaign that does not exist');
  return {
    campaignId: state.campaignId,
    name: state.name,
    version: state.version,
    status: state.status,
    terms: termsInForce(state),
    codes: state.codes,
    usage,
  };
}
