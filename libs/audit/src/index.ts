export * from './replay/audit-report';
export { replayOrder, type ReplayOutcome } from './replay/replay-order';
