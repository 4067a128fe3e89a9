import { formatMoney, type Money } from '@promo-ledger/domain';
import type { AuditReport, AuditStep } from '../replay/audit-report';

/**
 * A self-contained printable page for dispute evidence: no scripts, no external assets, every
 * value escaped, print CSS that keeps rows whole and repeats the table header on each page.
 */
export function auditToHtml(report: AuditReport): string {
  const title = `Audit of order ${report.orderId}`;
  const mode = report.whatIf === null ? 'as recorded (terms and prices in force at each moment)' : `what-if: campaign ${report.whatIf.campaignId} judged by terms v${report.whatIf.termsVersion}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escape(title)}</title>
<style>
body { font: 12px/1.4 system-ui, sans-serif; margin: 2em; color: #111; }
h1 { font-size: 18px; margin: 0 0 .5em; }
dl { display: grid; grid-template-columns: max-content auto; gap: .2em 1em; }
dt { font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin-top: 1em; }
th, td { border: 1px solid #999; padding: .3em .5em; vertical-align: top; text-align: left; }
td.money { text-align: right; white-space: nowrap; }
tr.divergence td { background: #fde2e2; font-weight: 600; }
.divergence-note { color: #a00000; }
@media print { body { margin: 0; } thead { display: table-header-group; } tr { break-inside: avoid; } tr.divergence td { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
</style>
</head>
<body>
<h1>${escape(title)}</h1>
<dl>
<dt>Mode</dt><dd>${escape(mode)}</dd>
<dt>Quoted</dt><dd>${money(report.quotedTotal)}</dd>
<dt>Expected</dt><dd>${money(report.expectedTotal)}</dd>
<dt>Charged</dt><dd>${money(report.charged)}</dd>
<dt>Refunded</dt><dd>${money(report.refunded)}</dd>
<dt>Refund due</dt><dd><strong>${money(report.refundDue)}</strong></dd>
<dt>First divergence</dt><dd class="divergence-note">${report.firstDivergence === null ? 'none: quoted, expected and charged agree' : `step ${report.firstDivergence.index}: ${escape(report.firstDivergence.reason)}`}</dd>
</dl>
<table>
<thead><tr><th>#</th><th>When</th><th>Event</th><th>What happened</th><th>Subtotal</th><th>Expected</th><th>Campaigns</th></tr></thead>
<tbody>
${report.steps.map(row).join('\n')}
</tbody>
</table>
</body>
</html>
`;
}

function row(step: AuditStep): string {
  const campaigns = step.state.evaluations.map((evaluation) => escape(evaluation.explanation)).join('<br>');
  const note = step.divergence === null ? '' : `<br><span class="divergence-note">Divergence: ${escape(step.divergence)}</span>`;
  return `<tr${step.divergence === null ? '' : ' class="divergence"'}><td>${step.index}</td><td>${escape(step.occurredAt)}</td><td>${escape(step.type)}<br><small>${escape(step.streamId)}</small></td><td>${escape(step.explanation)}${note}</td><td class="money">${money(step.state.subtotal)}</td><td class="money">${money(step.state.expectedTotal)}</td><td>${campaigns}</td></tr>`;
}

const money = (value: Money | null): string => (value === null ? '—' : escape(formatMoney(value)));

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character]);
}
