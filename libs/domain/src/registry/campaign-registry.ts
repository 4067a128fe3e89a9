import { accept, reject, type Decider, type Decision, type DomainCommand, type DomainEvent } from '../decider';
import type { CampaignCodes } from '../campaign/terms';

/**
 * The one stream that answers, consistently at decision time, "which campaign does this code
 * belong to?" and "which campaigns apply without a code?" (DESIGN §4: decisions never rest on a
 * lagging read model). Registering is serialised through this stream, which also makes public
 * codes and unique-code prefixes unambiguous. Campaign creation is rare, so one stream suffices.
 */
export type CampaignRegistered = DomainEvent<'CampaignRegistered', { readonly campaignId: string; readonly codes: CampaignCodes; readonly registeredAt: string }>;
export type CampaignRegistryEvent = CampaignRegistered;

export type RegisterCampaign = DomainCommand<'RegisterCampaign', { readonly campaignId: string; readonly codes: CampaignCodes }>;

export interface CampaignRegistryState {
  readonly codesById: Readonly<Record<string, CampaignCodes>>;
  /** Public code (upper case) → campaign id. */
  readonly byPublicCode: Readonly<Record<string, string>>;
  /** Unique-code prefix (upper case) → campaign id. */
  readonly byUniquePrefix: Readonly<Record<string, string>>;
  /** Campaigns with codes.type none, in registration order. */
  readonly automatic: readonly string[];
}

export const CampaignRegistryRejections = {
  alreadyExists: 'CAMPAIGN.ALREADY_EXISTS',
  codeTaken: 'CAMPAIGN.CODE_TAKEN',
  prefixOverlaps: 'CAMPAIGN.PREFIX_OVERLAPS',
} as const;

export const initialRegistryState = (): CampaignRegistryState => ({ codesById: {}, byPublicCode: {}, byUniquePrefix: {}, automatic: [] });

export function evolveRegistry(state: CampaignRegistryState, { data }: CampaignRegistryEvent): CampaignRegistryState {
  const { campaignId, codes } = data;
  return {
    codesById: { ...state.codesById, [campaignId]: codes },
    byPublicCode: codes.type === 'public' ? { ...state.byPublicCode, [codes.code.toUpperCase()]: campaignId } : state.byPublicCode,
    byUniquePrefix: codes.type === 'unique' ? { ...state.byUniquePrefix, [(codes.prefix ?? '').toUpperCase()]: campaignId } : state.byUniquePrefix,
    automatic: codes.type === 'none' ? [...state.automatic, campaignId] : state.automatic,
  };
}

const sameCodes = (left: CampaignCodes, right: CampaignCodes): boolean => JSON.stringify(left) === JSON.stringify(right);

export function decideRegistry(command: RegisterCampaign, state: CampaignRegistryState, context: { readonly now: string }): Decision<CampaignRegistryEvent> {
  const { campaignId, codes } = command.data;
  const existing = state.codesById[campaignId];
  // The same registration again (a retried create) is a no-op, so the campaign stream can be created after it.
  if (existing !== undefined) {
    return sameCodes(existing, codes) ? accept() : reject(CampaignRegistryRejections.alreadyExists, `Campaign ${campaignId} already exists; choose another id.`);
  }
  if (codes.type === 'public') {
    const owner = state.byPublicCode[codes.code.toUpperCase()];
    if (owner !== undefined) return reject(CampaignRegistryRejections.codeTaken, `Code ${codes.code} already belongs to campaign ${owner}; choose another code.`);
  }
  if (codes.type === 'unique') {
    const prefix = (codes.prefix ?? '').toUpperCase();
    const clash = Object.keys(state.byUniquePrefix).find((other) => other.startsWith(prefix) || prefix.startsWith(other));
    if (clash !== undefined) {
      return reject(CampaignRegistryRejections.prefixOverlaps, `Prefix "${prefix}" overlaps "${clash}" of campaign ${state.byUniquePrefix[clash]}; choose a prefix that neither starts nor is started by another.`);
    }
  }
  return accept({ type: 'CampaignRegistered', data: { campaignId, codes, registeredAt: context.now } });
}

/** The campaign a code points at, or null: public codes exactly, unique codes by their prefix. */
export function campaignForCode(state: CampaignRegistryState, code: string): string | null {
  const normalised = code.trim().toUpperCase();
  const publicOwner = state.byPublicCode[normalised];
  if (publicOwner !== undefined) return publicOwner;
  const prefix = Object.keys(state.byUniquePrefix).find((candidate) => normalised.startsWith(candidate));
  return prefix === undefined ? null : state.byUniquePrefix[prefix];
}

export const campaignRegistryDecider: Decider<RegisterCampaign, CampaignRegistryEvent, CampaignRegistryState, { readonly now: string }> = {
  initialState: initialRegistryState,
  evolve: evolveRegistry,
  decide: decideRegistry,
};
