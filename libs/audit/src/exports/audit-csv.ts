import { type Money, sum } from '@promo-ledger/domain';
import type { AuditReport, AuditStep } from '../replay/audit-report';
import { decimalAmount } from './decimal';

const HEADER = ['index', 'position', 'occurred_at', 'stream_id', 'type', 'subtotal', 'discount', 'expected_total', 'currency', 'discounts', 'explanation', 'divergence'];

/**
 * One row per step (RFC 4180: CRLF line ends, every field that needs it quoted, quotes doubled),
 * money as decimal strings with the currency in its own column, for finance's spreadsheets.
 */
export function auditToCsv(report: AuditReport): string {
  const rows = [HEADER, ...report.steps.map(rowOf)];
  return rows.map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

function rowOf(step: AuditStep): string[] {
  const { subtotal, discounts, expectedTotal } = step.state;
  const currency = subtotal?.currency ?? expectedTotal?.currency ?? '';
  return [
    String(step.index),
    step.position,
    step.occurredAt,
    step.streamId,
    step.type,
    amount(subtotal),
    subtotal === null ? '' : decimalAmount(sum(discounts.map((item) => item.amount), currency)),
    amount(expectedTotal),
    currency,
    discounts.map((item) => `${item.code ?? item.campaignId} v${item.campaignVersion} ${decimalAmount(item.amount)}`).join('; '),
    step.explanation,
    step.divergence ?? '',
  ];
}

const amount = (value: Money | null): string => (value === null ? '' : decimalAmount(value));

/** RFC 4180 §2.6–2.7: a field holding a comma, a quote or a line break is quoted, its quotes doubled. */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
