import { accept, assertNever, reject, type Decider, type Decision } from '../decider';
import type { CampaignEvent } from './campaign.events';
import {
  CampaignRejections as R,
  type CampaignCommand,
  type CampaignContext,
  type CreateCampaign,
  type IssueCodes,
} from './campaign.commands';
import { codesProblems, duplicateIssuedCodes, malformedIssuedCodes } from './campaign-codes.rules';
import { evolveCampaign, initialCampaignState, termsInForce, type CampaignState, type ExistingCampaign } from './campaign.state';
import { validateTerms, type TermsProblem } from './validate-terms';
import type { CampaignTerms } from './terms';

type CampaignDecision = Decision<CampaignEvent>;

export function decideCampaign(command: CampaignCommand, state: CampaignState, context: CampaignContext): CampaignDecision {
  if (command.type === 'CreateCampaign') return create(command, state, context);
  if (state.status === 'none') {
    return reject(R.notFound, `Campaign ${command.data.campaignId} does not exist; create it first.`);
  }
  const { now } = context;
  const { campaignId } = state;
  switch (command.type) {
    case 'ReviseTerms': {
      if (state.status === 'ended') return ended(state);
      const invalid = invalidTerms(validateTerms(command.data.terms));
      if (invalid) return invalid;
      return accept({ type: 'CampaignTermsRevised', data: { campaignId, version: state.version + 1, terms: command.data.terms, revisedAt: now } });
    }
    case 'ChangeSchedule': {
      if (state.status === 'ended') return ended(state);
      const terms: CampaignTerms = { ...termsInForce(state), schedule: command.data.schedule };
      const invalid = invalidTerms(validateTerms(terms));
      if (invalid) return invalid;
      return accept({ type: 'CampaignScheduleChanged', data: { campaignId, version: state.version + 1, schedule: command.data.schedule, changedAt: now } });
    }
    case 'ActivateCampaign':
      if (state.status === 'ended') return ended(state);
      if (state.status === 'active') return invalidTransition(state, 'activate');
      return accept({ type: 'CampaignActivated', data: { campaignId, activatedAt: now } });
    case 'PauseCampaign':
      if (state.status === 'ended') return ended(state);
      if (state.status !== 'active') return invalidTransition(state, 'pause');
      return accept({ type: 'CampaignPaused', data: { campaignId, ...optionalReason(command.data.reason), pausedAt: now } });
    case 'EndCampaign':
      if (state.status === 'ended') return ended(state);
      return accept({ type: 'CampaignEnded', data: { campaignId, ...optionalReason(command.data.reason), endedAt: now } });
    case 'IssueCodes':
      return issueCodes(command, state, context);
    default:
      return assertNever(command);
  }
}

function create(command: CreateCampaign, state: CampaignState, { now }: CampaignContext): CampaignDecision {
  const { campaignId, name, codes, terms } = command.data;
  if (state.status !== 'none') {
    return reject(R.alreadyExists, `Campaign ${campaignId} already exists; revise its terms instead, or choose another id.`);
  }
  const nameProblems: TermsProblem[] =
    name.trim() === '' ? [{ field: 'name', message: 'Give the campaign a name shoppers and staff will recognise.' }] : [];
  const invalid = invalidTerms([...nameProblems, ...validateTerms(terms), ...codesProblems(codes)]);
  if (invalid) return invalid;
  return accept({ type: 'CampaignCreated', data: { campaignId, name, codes, terms, version: 1, createdAt: now } });
}

function issueCodes(command: IssueCodes, state: ExistingCampaign, { now }: CampaignContext): CampaignDecision {
  if (state.status === 'ended') return ended(state);
  if (state.codes.type !== 'unique') {
    return reject(R.codesNotIssuable, `Campaign ${state.campaignId} uses ${state.codes.type} codes; only a campaign with unique codes can have codes issued.`);
  }
  const { codes } = command.data;
  const malformed = malformedIssuedCodes(codes, state.codes.prefix);
  if (codes.length === 0 || malformed.length > 0) {
    const prefix = state.codes.prefix === undefined ? '' : ` starting with ${state.codes.prefix}`;
    return reject(R.invalidCodes, `Issue at least one code, each 3 to 32 of A–Z, 0–9, "_" or "-"${prefix}.`, { malformed });
  }
  const duplicates = duplicateIssuedCodes(codes, state.issuedCodes);
  if (duplicates.length > 0) {
    return reject(R.duplicateCodes, `${duplicates.length} code(s) were already issued or repeat in this batch; generate fresh ones.`, { duplicates });
  }
  return accept({ type: 'CouponCodesIssued', data: { campaignId: state.campaignId, codes: [...codes], issuedAt: now } });
}

function invalidTerms(problems: readonly TermsProblem[]): CampaignDecision | null {
  if (problems.length === 0) return null;
  const [first] = problems;
  const count = problems.length === 1 ? 'one problem' : `${problems.length} problems, the first`;
  return reject(R.invalidTerms, `Fix the campaign terms (${count} in ${first.field}): ${first.message}`, { problems });
}

function ended(state: ExistingCampaign): CampaignDecision {
  return reject(R.ended, `Campaign ${state.campaignId} has ended and can no longer change; create a new campaign instead.`);
}

function invalidTransition(state: ExistingCampaign, action: 'activate' | 'pause'): CampaignDecision {
  return reject(R.invalidTransition, `Campaign ${state.campaignId} is ${state.status}, so it cannot ${action}; only ${action === 'pause' ? 'an active' : 'a draft or paused'} campaign can.`, {
    status: state.status,
  });
}

function optionalReason(reason: string | undefined): { reason?: string } {
  return reason === undefined ? {} : { reason };
}

export const campaignDecider: Decider<CampaignCommand, CampaignEvent, CampaignState, CampaignContext> = {
  initialState: initialCampaignState,
  evolve: evolveCampaign,
  decide: decideCampaign,
};
