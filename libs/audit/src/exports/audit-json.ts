import type { AuditReport } from '../replay/audit-report';

/** The report as JSON: its keys are already in a fixed order, so the same log gives the same bytes. */
export function auditToJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
