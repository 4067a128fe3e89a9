import { spec } from '../testing/decider-spec';
import { campaignForCode, campaignRegistryDecider, type CampaignRegistered, CampaignRegistryRejections as R } from './campaign-registry';

const now = { now: '2026-03-01T09:00:00Z' };
const registered = (campaignId: string, codes: CampaignRegistered['data']['codes']): CampaignRegistered => ({
  type: 'CampaignRegistered',
  data: { campaignId, codes, registeredAt: now.now },
});
const registry = spec(campaignRegistryDecider);

describe('campaign registry', () => {
  it('registers a public-code campaign', () => {
    registry.given([]).when({ type: 'RegisterCampaign', data: { campaignId: 'spring40', codes: { type: 'public', code: 'SPRING40' } } }, now)
      .then([registered('spring40', { type: 'public', code: 'SPRING40' })]);
  });

  it('treats the same registration again as a no-op, so a retried create can finish', () => {
    registry.given([registered('spring40', { type: 'public', code: 'SPRING40' })])
      .when({ type: 'RegisterCampaign', data: { campaignId: 'spring40', codes: { type: 'public', code: 'SPRING40' } } }, now)
      .then([]);
  });

  it('refuses an id already registered with other codes', () => {
    registry.given([registered('spring40', { type: 'public', code: 'SPRING40' })])
      .when({ type: 'RegisterCampaign', data: { campaignId: 'spring40', codes: { type: 'none' } } }, now)
      .thenRejects(R.alreadyExists);
  });

  it('refuses a public code another campaign owns, whatever its case', () => {
    registry.given([registered('spring40', { type: 'public', code: 'SPRING40' })])
      .when({ type: 'RegisterCampaign', data: { campaignId: 'copycat', codes: { type: 'public', code: 'spring40' } } }, now)
      .thenRejects(R.codeTaken);
  });

  it('refuses a unique-code prefix that overlaps another, either way round', () => {
    const given = registry.given([registered('vip', { type: 'unique', prefix: 'VIP-' })]);
    given.when({ type: 'RegisterCampaign', data: { campaignId: 'vip2', codes: { type: 'unique', prefix: 'VIP-2' } } }, now).thenRejects(R.prefixOverlaps);
    given.when({ type: 'RegisterCampaign', data: { campaignId: 'v', codes: { type: 'unique', prefix: 'V' } } }, now).thenRejects(R.prefixOverlaps);
  });

  it('resolves public codes exactly and unique codes by prefix, case-insensitively; automatic campaigns listed', () => {
    const { state } = registry.given([
      registered('spring40', { type: 'public', code: 'SPRING40' }),
      registered('vip', { type: 'unique', prefix: 'VIP-' }),
      registered('autumn', { type: 'none' }),
    ]);
    expect(campaignForCode(state, ' spring40 ')).toBe('spring40');
    expect(campaignForCode(state, 'vip-ABCDEFGH23')).toBe('vip');
    expect(campaignForCode(state, 'SPRING41')).toBeNull();
    expect(state.automatic).toEqual(['autumn']);
  });
});
