import type { AuditReport } from '../replay/audit-report';
import { auditToCsv } from './audit-csv';
import { auditToHtml } from './audit-html';
import { decimalAmount } from './decimal';

const usd = (amount: number) => ({ amount, currency: 'USD' });

/** Two steps of a replay, one of them carrying text that needs CSV quoting and HTML escaping. */
const report: AuditReport = {
  orderId: 'order-<1>', mode: 'as-recorded', whatIf: null,
  steps: [
    {
      index: 0, position: '1/1', streamId: 'cart-c1', type: 'ItemAdded', occurredAt: '2026-03-20T12:00:00.000Z', data: {},
      explanation: '1 × DRESS-1 added at 129.00 USD, "the red one"',
      state: { subtotal: usd(12900), discounts: [], expectedTotal: usd(12900), evaluations: [] }, divergence: null,
    },
    {
      index: 1, position: '2/2', streamId: 'order-o1', type: 'ChargeRecorded', occurredAt: '2026-03-20T12:04:00.000Z', data: {},
      explanation: 'charge <script>alert(1)</script>',
      state: { subtotal: usd(12900), discounts: [{ campaignId: 'spring40', campaignVersion: 1, code: 'SPRING40', amount: usd(4000), explanation: 'x' }], expectedTotal: usd(8900), evaluations: [] },
      divergence: 'charged 129.00 USD, but the order should have cost 89.00 USD: overcharged 40.00 USD',
    },
  ],
  quotedTotal: usd(8900), expectedTotal: usd(8900), charged: usd(12900), refunded: usd(0), delta: usd(4000),
  firstDivergence: { index: 1, reason: 'charged 129.00 USD, but the order should have cost 89.00 USD: overcharged 40.00 USD' }, refundDue: usd(4000),
};

describe('audit exports', () => {
  it('writes money as decimal strings in the currency exponent', () => {
    expect([decimalAmount(usd(12900)), decimalAmount(usd(-5)), decimalAmount({ amount: 1500, currency: 'JPY' }), decimalAmount({ amount: 1250, currency: 'KWD' })])
      .toEqual(['129.00', '-0.05', '1500', '1.250']);
  });

  it('CSV: a header, one CRLF row per step, RFC 4180 quoting', () => {
    const lines = auditToCsv(report).split('\r\n');
    expect(lines[0]).toBe('index,position,occurred_at,stream_id,type,subtotal,discount,expected_total,currency,discounts,explanation,divergence');
    expect(lines[1]).toBe('0,1/1,2026-03-20T12:00:00.000Z,cart-c1,ItemAdded,129.00,0.00,129.00,USD,,"1 × DRESS-1 added at 129.00 USD, ""the red one""",');
    expect(lines[2]).toBe('1,2/2,2026-03-20T12:04:00.000Z,order-o1,ChargeRecorded,129.00,40.00,89.00,USD,SPRING40 v1 40.00,charge <script>alert(1)</script>,"charged 129.00 USD, but the order should have cost 89.00 USD: overcharged 40.00 USD"');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
  });

  it('HTML: self-contained, escaped, the divergence marked, with print CSS', () => {
    const html = auditToHtml(report);
    expect(html).toContain('<title>Audit of order order-&lt;1&gt;</title>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('charge &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<tr class="divergence">');
    expect(html).toContain('@media print');
    expect(html).toContain('40.00 USD</strong>');
    expect(html).not.toMatch(/<(link|img|iframe)\b|src=|href=/);
  });
});
