export * from './replay/audit-report';
export { replayOrder, type ReplayOutcome } from './replay/replay-order';
export { auditToJson } from './exports/audit-json';
export { auditToCsv } from './exports/audit-csv';
export { auditToHtml } from './exports/audit-html';
export { decimalAmount } from './exports/decimal';
export { verifyStream, verifyAll, type BrokenStream, type IntegrityReport, type StreamVerification } from './integrity/verify';
