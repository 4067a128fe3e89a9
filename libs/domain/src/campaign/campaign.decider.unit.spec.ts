import { spec } from '../testing/decider-spec';
import { SPRING40_ID, spring40Codes, spring40Terms } from '../testing/fixtures';
import type { CampaignCommand } from './campaign.commands';
import { campaignDecider } from './campaign.decider';
import type { CampaignEvent } from './campaign.events';
import { termsAtVersion, toSnapshot, type CampaignState } from './campaign.state';
import type { CampaignTerms } from './terms';

const now = '2026-03-01T09:00:00Z';
const ctx = { now };
const campaign = spec(campaignDecider);
const campaignId = SPRING40_ID;

const created: CampaignEvent = {
  type: 'CampaignCreated',
  data: { campaignId, name: 'Spring 40', codes: spring40Codes, terms: spring40Terms, version: 1, createdAt: now },
};
const activated: CampaignEvent = { type: 'CampaignActivated', data: { campaignId, activatedAt: now } };
const paused: CampaignEvent = { type: 'CampaignPaused', data: { campaignId, pausedAt: now } };
const ended: CampaignEvent = { type: 'CampaignEnded', data: { campaignId, endedAt: now } };
const uniqueCreated: CampaignEvent = {
  type: 'CampaignCreated',
  data: { ...created.data, codes: { type: 'unique', prefix: 'VIP' } },
};
const revisedTerms: CampaignTerms = { ...spring40Terms, benefit: { type: 'amount_off_order', amount: { USD: 5000 } } };

const create = (over: Partial<Extract<CampaignCommand, { type: 'CreateCampaign' }>['data']> = {}): CampaignCommand => ({
  type: 'CreateCampaign',
  data: { campaignId, name: 'Spring 40', codes: spring40Codes, terms: spring40Terms, ...over },
});

describe('campaign decider', () => {
  describe('CreateCampaign', () => {
    it('creates a draft at version 1', () => {
      campaign.given([]).when(create(), ctx).then([created]);
    });

    it('rejects a second creation with CAMPAIGN.ALREADY_EXISTS', () => {
      campaign.given([created]).when(create(), ctx).thenRejects('CAMPAIGN.ALREADY_EXISTS');
    });

    it('rejects invalid terms with CAMPAIGN.INVALID_TERMS and lists the problems', () => {
      const terms: CampaignTerms = { ...spring40Terms, benefit: { type: 'amount_off_order', amount: { USD: -1 } } };
      const rejection = campaign.given([]).when(create({ terms }), ctx).thenRejects('CAMPAIGN.INVALID_TERMS');
      expect(rejection.details?.problems).toEqual(expect.arrayContaining([expect.objectContaining({ field: expect.stringContaining('benefit') })]));
    });

    it('rejects a malformed public code and an empty name as invalid terms', () => {
      const rejection = campaign
        .given([])
        .when(create({ name: ' ', codes: { type: 'public', code: 'spring 40' } }), ctx)
        .thenRejects('CAMPAIGN.INVALID_TERMS');
      expect(rejection.details?.problems).toEqual([
        expect.objectContaining({ field: 'name' }),
        expect.objectContaining({ field: 'codes.code' }),
      ]);
    });
  });

  describe('ReviseTerms', () => {
    it('makes version n+1 and keeps earlier versions readable', () => {
      const revised: CampaignEvent = { type: 'CampaignTermsRevised', data: { campaignId, version: 2, terms: revisedTerms, revisedAt: now } };
      campaign.given([created, activated]).when({ type: 'ReviseTerms', data: { campaignId, terms: revisedTerms } }, ctx).then([revised]);
      const state = campaign.given([created, activated, revised]).state;
      expect(state.status !== 'none' && termsAtVersion(state, 1)).toBe(spring40Terms);
      expect(toSnapshot(state, { redemptions: 0, discountGiven: {} })).toMatchObject({ version: 2, status: 'active', terms: revisedTerms });
    });

    it('rejects a campaign that was never created with CAMPAIGN.NOT_FOUND', () => {
      campaign.given([]).when({ type: 'ReviseTerms', data: { campaignId, terms: revisedTerms } }, ctx).thenRejects('CAMPAIGN.NOT_FOUND');
    });

    it('rejects an ended campaign with CAMPAIGN.ENDED', () => {
      campaign.given([created, ended]).when({ type: 'ReviseTerms', data: { campaignId, terms: revisedTerms } }, ctx).thenRejects('CAMPAIGN.ENDED');
    });

    it('rejects invalid revised terms with CAMPAIGN.INVALID_TERMS', () => {
      const terms: CampaignTerms = { ...spring40Terms, advertisedText: '' };
      campaign.given([created]).when({ type: 'ReviseTerms', data: { campaignId, terms } }, ctx).thenRejects('CAMPAIGN.INVALID_TERMS');
    });
  });

  describe('lifecycle', () => {
    it('activates a draft and a paused campaign', () => {
      campaign.given([created]).when({ type: 'ActivateCampaign', data: { campaignId } }, ctx).then([activated]);
      campaign.given([created, activated, paused]).when({ type: 'ActivateCampaign', data: { campaignId } }, ctx).then([activated]);
    });

    it('rejects activating an active campaign with CAMPAIGN.INVALID_TRANSITION', () => {
      campaign.given([created, activated]).when({ type: 'ActivateCampaign', data: { campaignId } }, ctx).thenRejects('CAMPAIGN.INVALID_TRANSITION');
    });

    it('rejects activating an ended campaign with CAMPAIGN.ENDED', () => {
      campaign.given([created, ended]).when({ type: 'ActivateCampaign', data: { campaignId } }, ctx).thenRejects('CAMPAIGN.ENDED');
    });

    it('pauses only an active campaign, keeping the reason', () => {
      campaign
        .given([created, activated])
        .when({ type: 'PauseCampaign', data: { campaignId, reason: 'checkout incident' } }, ctx)
        .then([{ type: 'CampaignPaused', data: { campaignId, reason: 'checkout incident', pausedAt: now } }]);
      campaign.given([created]).when({ type: 'PauseCampaign', data: { campaignId } }, ctx).thenRejects('CAMPAIGN.INVALID_TRANSITION');
    });

    it('ends once; a second end is rejected with CAMPAIGN.ENDED', () => {
      campaign.given([created, activated]).when({ type: 'EndCampaign', data: { campaignId } }, ctx).then([ended]);
      campaign.given([created, ended]).when({ type: 'EndCampaign', data: { campaignId } }, ctx).thenRejects('CAMPAIGN.ENDED');
    });
  });

  describe('ChangeSchedule', () => {
    const schedule = { startsAt: '2026-03-15T10:00:00Z', endsAt: '2026-04-07T23:59:59Z' };

    it('makes a new terms version with the new schedule', () => {
      const changed: CampaignEvent = { type: 'CampaignScheduleChanged', data: { campaignId, version: 2, schedule, changedAt: now } };
      campaign.given([created]).when({ type: 'ChangeSchedule', data: { campaignId, schedule } }, ctx).then([changed]);
      const state: CampaignState = campaign.given([created, changed]).state;
      expect(toSnapshot(state, { redemptions: 0, discountGiven: {} }).terms).toEqual({ ...spring40Terms, schedule });
    });

    it('rejects a schedule that ends before it starts with CAMPAIGN.INVALID_TERMS', () => {
      const backwards = { startsAt: '2026-04-01T00:00:00Z', endsAt: '2026-03-01T00:00:00Z' };
      campaign.given([created]).when({ type: 'ChangeSchedule', data: { campaignId, schedule: backwards } }, ctx).thenRejects('CAMPAIGN.INVALID_TERMS');
    });
  });

  describe('IssueCodes', () => {
    const issue = (codes: string[]): CampaignCommand => ({ type: 'IssueCodes', data: { campaignId, codes } });

    it('issues single-use codes to a unique-code campaign', () => {
      campaign
        .given([uniqueCreated])
        .when(issue(['VIP-AAAA', 'VIP-BBBB']), ctx)
        .then([{ type: 'CouponCodesIssued', data: { campaignId, codes: ['VIP-AAAA', 'VIP-BBBB'], issuedAt: now } }]);
    });

    it('rejects a public-code campaign with CAMPAIGN.CODES_NOT_ISSUABLE', () => {
      campaign.given([created]).when(issue(['VIP-AAAA']), ctx).thenRejects('CAMPAIGN.CODES_NOT_ISSUABLE');
    });

    it('rejects codes without the prefix or badly formed with CAMPAIGN.INVALID_CODES', () => {
      const rejection = campaign.given([uniqueCreated]).when(issue(['VIP-AAAA', 'XYZ-1', 'vip-b']), ctx).thenRejects('CAMPAIGN.INVALID_CODES');
      expect(rejection.details).toEqual({ malformed: ['XYZ-1', 'vip-b'] });
    });

    it('rejects codes issued before or repeated in the batch with CAMPAIGN.DUPLICATE_CODES', () => {
      const earlier: CampaignEvent = { type: 'CouponCodesIssued', data: { campaignId, codes: ['VIP-AAAA'], issuedAt: now } };
      const rejection = campaign.given([uniqueCreated, earlier]).when(issue(['VIP-AAAA', 'VIP-CCCC', 'VIP-CCCC']), ctx).thenRejects('CAMPAIGN.DUPLICATE_CODES');
      expect(rejection.details).toEqual({ duplicates: ['VIP-AAAA', 'VIP-CCCC'] });
    });
  });
});
