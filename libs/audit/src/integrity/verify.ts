import { comparePositions, type EventStore, type Position, START_POSITION, type VerifyResult } from '@promo-ledger/event-store';

/** One broken stream: the first revision whose link does not hold, and why. */
export interface BrokenStream {
  readonly streamId: string;
  readonly revision: string;
  readonly reason: string;
}

export interface IntegrityReport {
  readonly streams: number;
  readonly events: number;
  readonly broken: readonly BrokenStream[];
}

export interface StreamVerification {
  readonly streamId: string;
  readonly ok: boolean;
  readonly events: number;
  readonly brokenAt: { readonly revision: string; readonly reason: string } | null;
}

/** The hash-chain check of one stream (the adapter walks the stored, not upcast, form), as JSON. */
export async function verifyStream(store: EventStore, streamId: string): Promise<StreamVerification> {
  const result: VerifyResult = await store.verifyStream(streamId);
  return {
    streamId,
    ok: result.ok,
    events: result.events,
    brokenAt: result.ok ? null : { revision: result.brokenAt.toString(), reason: result.reason },
  };
}

const PAGE = 5_000;

/**
 * Every stream's chain. The log is read a page at a time only to learn the stream ids (memory grows
 * with the number of streams, never with the number of events); each stream is then checked by the
 * adapter's own verifyStream, which sees what the log does not: upcast data in its stored form,
 * soft-deleted events and a stream head that no longer matches its last event.
 */
export async function verifyAll(store: EventStore, progress: (streamsChecked: number) => void = () => undefined): Promise<IntegrityReport> {
  const streamIds = await streamsUpToHead(store);
  const broken: BrokenStream[] = [];
  let events = 0;
  let checked = 0;
  for (const streamId of [...streamIds].sort()) {
    const result = await store.verifyStream(streamId);
    events += result.events;
    if (!result.ok) broken.push({ streamId, revision: result.brokenAt.toString(), reason: result.reason });
    checked += 1;
    if (checked % 1_000 === 0) progress(checked);
  }
  return { streams: streamIds.size, events, broken };
}

/** How long to wait for commits before the head to become readable in order (an older transaction still open). */
const HELD_BACK_WAIT_MS = 30_000;

/**
 * Every stream with an event at or before the head the walk started from. A page can end short of
 * the head while an older transaction elsewhere is still open (the log is read in commit order);
 * such events are committed, so the walk waits for them instead of leaving their streams unchecked.
 */
async function streamsUpToHead(store: EventStore): Promise<Set<string>> {
  const head = await store.headPosition();
  const streamIds = new Set<string>();
  const deadline = Date.now() + HELD_BACK_WAIT_MS;
  let after: Position | undefined;
  for (;;) {
    const page = await store.readAll({ ...(after === undefined ? {} : { fromPosition: after }), maxCount: PAGE, noWait: true });
    for (const event of page) streamIds.add(event.streamId);
    if (page.length > 0) after = page[page.length - 1].position;
    if (page.length === PAGE) continue;
    const reachedHead = after !== undefined && comparePositions(after, head) >= 0;
    if (reachedHead || Date.now() > deadline || (after === undefined && comparePositions(head, START_POSITION) <= 0)) return streamIds;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
