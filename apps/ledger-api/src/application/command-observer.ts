/**
 * What StreamRunner reports about each command it ran, for /metrics. Every write goes through
 * StreamRunner, so this is the one narrow hook: a command's outcome and latency, the events it
 * appended, and each turn whose append found that another writer had moved the stream on.
 * Implementations must be cheap and must never throw — they sit on the hot path.
 */
export type CommandOutcome = { readonly kind: 'accepted' } | { readonly kind: 'rejected'; readonly code: string } | { readonly kind: 'error' };

export abstract class CommandObserver {
  abstract commandFinished(commandType: string, outcome: CommandOutcome, seconds: number): void;
  abstract eventsAppended(events: readonly { readonly type: string; readonly data: object }[]): void;
  /** A turn's conditional append on `streamId` failed because another writer appended first; it is decided again unless it gave up. */
  abstract appendConflicted(streamId: string): void;
}
