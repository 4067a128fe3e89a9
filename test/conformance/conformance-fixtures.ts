import { randomUUID } from 'node:crypto';
import type { Observable, Subscription } from 'rxjs';
import {
  comparePositions, type EventStore, EventTypeRegistry, type EventToAppend, type JsonObject, type Position, type RecordedEvent, type SubscriptionMessage,
  positionToString,
} from '@promo-ledger/event-store';

/** Every conformance target must build its store with this registry: the cases append these types. */
export const conformanceRegistry = new EventTypeRegistry({
  'Conformance.Apple.Picked': { schemaVersion: 1 },
  'Conformance.Apple.Eaten': { schemaVersion: 1 },
  'Conformance.Banana.Peeled': { schemaVersion: 1 },
});

export const APPLE = 'Conformance.Apple.Picked';
export const BANANA = 'Conformance.Banana.Peeled';

export function testEvent(type: string, data: JsonObject = {}): EventToAppend {
  return {
    type,
    data,
    metadata: {
      eventId: randomUUID(),
      correlationId: randomUUID(),
      causationId: null,
      actor: { keyId: 'conformance-key', role: 'tester' },
      idempotencyKey: null,
      occurredAt: new Date().toISOString(),
    },
  };
}

export function apples(count: number, from = 0): EventToAppend[] {
  return Array.from({ length: count }, (_, index) => testEvent(APPLE, { n: from + index }));
}

/** Stream ids unique to this run and case, so cases never see each other's streams. */
export function uniquePrefix(label: string): string {
  return `cf-${label}-${randomUUID().slice(0, 8)}-`;
}

/**
 * Waits until readAll reaches `position`. The SQL stores read the stable prefix of the log, and a
 * writing transaction left open anywhere in the PostgreSQL cluster (another suite's) holds later
 * commits back for longer than readAll's own one-second wait; a case that reads its own appends
 * through $all waits here first, then asserts on a single read.
 */
export async function readableThrough(store: EventStore, position: Position, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [head] = await store.readAll({ direction: 'backwards', maxCount: 1 });
    if (head !== undefined && comparePositions(head.position, position) >= 0) return;
    if (Date.now() > deadline) throw new Error(`readAll did not reach ${positionToString(position)} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const eventKey = (event: RecordedEvent): string => `${event.streamId}@${event.revision}`;

/** Subscribes and keeps everything it receives, so a case can wait for a condition and then inspect. */
export class Recorder {
  readonly messages: SubscriptionMessage[] = [];
  error: unknown = null;
  private readonly subscription: Subscription;
  private readonly waiters = new Set<() => void>();

  constructor(source: Observable<SubscriptionMessage>) {
    this.subscription = source.subscribe({
      next: (message) => {
        this.messages.push(message);
        this.notify();
      },
      error: (error: unknown) => {
        this.error = error;
        this.notify();
      },
    });
  }

  get events(): RecordedEvent[] {
    return this.messages.flatMap((message) => (message.kind === 'event' ? [message.event] : []));
  }

  /** Resolves once `condition` holds; rejects on a subscription error or after `timeoutMs`. */
  until(condition: () => boolean, timeoutMs = 20_000, what = 'condition'): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (this.error) return finish(() => reject(this.error instanceof Error ? this.error : new Error(String(this.error))));
        if (condition()) finish(resolve);
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} (${this.events.length} events so far)`))), timeoutMs);
      const finish = (settle: () => void): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
      check();
    });
  }

  stop(): void {
    this.subscription.unsubscribe();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** Positions must strictly increase along a subscription; returns the first violation for a readable failure. */
export function firstOutOfOrder(positions: readonly Position[], compare: (a: Position, b: Position) => number): string | null {
  for (let index = 1; index < positions.length; index += 1) {
    if (compare(positions[index - 1], positions[index]) >= 0) {
      return `${positionToString(positions[index - 1])} then ${positionToString(positions[index])} at #${index}`;
    }
  }
  return null;
}
