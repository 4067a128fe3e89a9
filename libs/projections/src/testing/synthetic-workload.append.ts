import { randomUUID } from 'node:crypto';
import type { Actor, EventStore, EventToAppend, JsonObject } from '@promo-ledger/event-store';
import { CATALOGUE_FLOW, type WorkloadAppend } from './synthetic-workload.types';

export interface AppendWorkloadOptions {
  /** Appends in flight at once. Default 8. */
  readonly concurrency?: number;
  /** Stop taking appends from the workload once this many events are under way (the last append may cross it). */
  readonly limit?: number;
  /**
   * Let an append that waits for a free slot take the next appends of its stream, while their flow
   * has nothing else outstanding: fewer, larger transactions in the same per-stream and per-flow
   * order (each event keeps its own occurredAt and correlation id). Off by default: one append per command.
   */
  readonly coalesce?: boolean;
  /** Overrides of the metadata every event gets; the actor defaults to the synthetic checkout key. */
  readonly metadata?: { readonly actor?: Actor | null; readonly causationId?: string | null; readonly idempotencyKey?: string | null };
  /** Called after each append with the totals so far. */
  readonly onProgress?: (done: { readonly appends: number; readonly events: number }) => void;
}

const SYNTHETIC_ACTOR: Actor = { keyId: 'synthetic', role: 'checkout' };

/**
 * Appends a workload as the ledger would and returns how many events it appended: each element one
 * append with expected revision `any` (see `coalesce`), up to `concurrency` at once while keeping every order a reader could notice: an append waits for
 * the previous one of its flow (a shopper's requests follow each other) and of its stream (budget
 * running totals stay in order), and a catalogue append (setup, price change) waits for all before
 * it and holds back all after it.
 */
export async function appendWorkload(store: EventStore, workload: Iterable<WorkloadAppend>, options: AppendWorkloadOptions = {}): Promise<number> {
  const concurrency = options.concurrency ?? 8;
  const slots = new Slots(concurrency);
  const window = new Slots(concurrency * (options.coalesce ? 1024 : 64));
  const latest = new Map<string, Task>();
  const pending = new Set<Task>();
  let barrier: Task | null = null;
  let failure: { error: unknown } | null = null;
  let appends = 0;
  let events = 0;
  let scheduled = 0;

  for (const append of workload) {
    if (failure !== null || scheduled >= (options.limit ?? Infinity)) break;
    scheduled += append.events.length;
    const toStore = append.events.map((event) => toAppend(event, append, options));
    const flowKey = `flow:${append.flow}`;
    const streamKey = `stream:${append.streamId}`;
    const catalogue = append.flow === CATALOGUE_FLOW;
    const open = latest.get(streamKey);
    const flowBefore = latest.get(flowKey);
    if (options.coalesce && !catalogue && open && !open.started && open.after === barrier && (flowBefore === undefined || flowBefore === open)) {
      // joins the stream's queued append: same stream order, and nothing else of this flow is outstanding
      open.events.push(...toStore);
      open.keys.push(flowKey);
      latest.set(flowKey, open);
      continue;
    }
    await window.acquire();
    const before = catalogue ? [...pending].map((task) => task.done) : [barrier, open, flowBefore].flatMap((task) => (task ? [task.done] : []));
    const task: Task = { events: toStore, keys: [flowKey, streamKey], started: false, after: barrier, done: Promise.resolve() };
    task.done = (async () => {
      await Promise.all(before);
      if (failure !== null) return;
      await slots.acquire();
      task.started = true;
      try {
        await store.appendToStream(append.streamId, task.events, 'any');
        appends += 1;
        events += task.events.length;
        options.onProgress?.({ appends, events });
      } finally {
        slots.release();
      }
    })().catch((error: unknown) => {
      failure ??= { error };
    });
    pending.add(task);
    for (const key of task.keys) latest.set(key, task);
    if (catalogue) barrier = task;
    void task.done.then(() => {
      pending.delete(task);
      for (const key of task.keys) if (latest.get(key) === task) latest.delete(key);
      window.release();
    });
  }
  await Promise.all([...pending].map((task) => task.done));
  if (failure !== null) throw (failure as { error: unknown }).error;
  return events;
}

/** One append to the store, queued until what it depends on is stored; it takes more events until it starts. */
interface Task {
  readonly events: EventToAppend[];
  readonly keys: string[];
  started: boolean;
  /** The catalogue append it was queued after: it may not take events queued after a later one. */
  readonly after: Task | null;
  done: Promise<void>;
}

function toAppend(event: WorkloadAppend['events'][number], append: WorkloadAppend, { metadata }: AppendWorkloadOptions): EventToAppend {
  return {
    type: event.type,
    data: event.data as JsonObject,
    metadata: {
      eventId: randomUUID(),
      correlationId: append.correlationId,
      causationId: metadata?.causationId ?? null,
      actor: metadata?.actor === undefined ? SYNTHETIC_ACTOR : metadata.actor,
      idempotencyKey: metadata?.idempotencyKey ?? null,
      occurredAt: append.occurredAt,
    },
  };
}

/** A counting semaphore without Promise.race over everything in flight. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  acquire(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  }
}
