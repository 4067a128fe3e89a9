import { type AuditReport, type AuditStep } from '@promo-ledger/audit';
import { formatMoney, type Money } from '@promo-ledger/domain';

const NOTE_WIDTH = 72;

/**
 * An order's replay as a terminal table: one row per step (index, type, subtotal, expected, note),
 * the diverging step marked with `>>` and its reason under it, the totals and the refund due last.
 */
export function replayTable(report: AuditReport): string[] {
  const rows = report.steps.map((step) => [
    `${step.divergence === null ? '  ' : '>>'} ${step.index}`, step.type, money(step.state.subtotal), money(step.state.expectedTotal), clip(step.explanation),
  ]);
  const header = ['   #', 'event', 'subtotal', 'expected', 'note'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => (column === 2 || column === 3 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd();
  const body = report.steps.flatMap((step: AuditStep, at) => [line(rows[at]), ...(step.divergence === null ? [] : [`      ↳ divergence: ${step.divergence}`])]);
  const mode = report.whatIf === null ? 'as recorded' : `what-if: ${report.whatIf.campaignId} terms v${report.whatIf.termsVersion}`;
  return [
    `order ${report.orderId} — replay ${mode}`,
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...body,
    '',
    `quoted ${money(report.quotedTotal)} · expected ${money(report.expectedTotal)} · charged ${money(report.charged)} · refunded ${money(report.refunded)}`,
    report.firstDivergence === null ? 'no divergence: quoted, expected and charged agree' : `first divergence at step ${report.firstDivergence.index}: ${report.firstDivergence.reason}`,
    `refund due: ${money(report.refundDue)}`,
  ];
}

const money = (value: Money | null): string => (value === null ? '—' : formatMoney(value));

const clip = (text: string): string => (text.length <= NOTE_WIDTH ? text : `${text.slice(0, NOTE_WIDTH - 1)}…`);
