import { mismatchFindings, MISMATCH_KEY } from './mismatch.rule';

describe('any mismatch', () => {
  it('is quiet with no open mismatch', () => {
    expect(mismatchFindings({ openCount: 0, exposure: [], campaignIds: [], newestOrderIds: [] })).toEqual([]);
  });

  it('fires with the count and what is owed, tracked so it is updated as both change', () => {
    const [finding] = mismatchFindings({ openCount: 2, exposure: [{ amount: 8000, currency: 'USD' }], campaignIds: ['spring40'], newestOrderIds: ['order-2', 'order-1'] });
    expect(finding).toMatchObject({ key: MISMATCH_KEY, campaignId: 'spring40', tracked: true, details: { openCount: 2, exposure: [{ amount: 8000, currency: 'USD' }] } });
    expect(finding.summary).toMatch(/^2 orders were charged other than the ledger expected; 80\.00 USD owed/);
  });

  it('names no single campaign when several are involved', () => {
    const [finding] = mismatchFindings({ openCount: 1, exposure: [], campaignIds: ['a', 'b'], newestOrderIds: ['o'] });
    expect(finding.campaignId).toBeNull();
    expect(finding.summary).toContain('1 order was');
  });
});
