import { projectionLagFindings } from './projection-lag.rule';

describe('projection lag', () => {
  it('fires per read model more than the limit behind, and not at the limit', () => {
    const findings = projectionLagFindings(
      [
        { projection: 'order_totals', lagEvents: 5200, lagSeconds: 42.4 },
        { projection: 'mismatches', lagEvents: 3, lagSeconds: 10 },
        { projection: 'redemptions', lagEvents: 0, lagSeconds: 0 },
      ],
      10,
    );
    expect(findings.map((finding) => finding.key)).toEqual(['order_totals']);
    expect(findings[0].summary).toContain('42 s (5200 events) behind');
  });
});
