import { randomUUID } from 'node:crypto';
import { firstValueFrom } from 'rxjs';
import { filter } from 'rxjs/operators';
// Relative, not the @promo-ledger alias: the benchmark is compiled by plain tsc and run by plain node,
// which do not rewrite path aliases.
import { EventTypeRegistry, type EventStore, type EventToAppend } from '../libs/event-store/src';

export const benchRegistry = new EventTypeRegistry({ 'Bench.Coupon.Redeemed': { schemaVersion: 1 } });

export interface Limits {
  /** Events each append scenario tries to write. */
  readonly events: number;
  /** Wall-clock cap per scenario; the rate is computed from what was done in time. */
  readonly maxSeconds: number;
}

export interface Measurement {
  readonly scenario: string;
  readonly events: number;
  readonly seconds: number;
}

/** ~250 bytes of JSON, the size of a typical ledger event. */
function benchEvent(n: number): EventToAppend {
  return {
    type: 'Bench.Coupon.Redeemed',
    data: { couponCode: `SPRING40-${n}`, cartId: randomUUID(), discount: { amountMinor: 1250, currency: 'EUR' }, lineCount: 3 },
    metadata: { eventId: randomUUID(), correlationId: randomUUID(), causationId: null, actor: { keyId: 'bench', role: 'system' }, idempotencyKey: null, occurredAt: new Date().toISOString() },
  };
}

/** `writers` concurrent writers, each on its own stream, appending `batch` events per transaction. */
export async function measureAppends(store: EventStore, writers: number, batch: number, limits: Limits): Promise<Measurement> {
  const perWriter = Math.ceil(limits.events / writers / batch) * batch;
  const deadline = Date.now() + limits.maxSeconds * 1_000;
  const run = randomUUID().slice(0, 8);
  const started = process.hrtime.bigint();
  const written = await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      const streamId = `bench-${run}-${writer}`;
      let revision: bigint | 'no_stream' = 'no_stream';
      let count = 0;
      while (count < perWriter && Date.now() < deadline) {
        const events = Array.from({ length: batch }, (__, index) => benchEvent(count + index));
        revision = (await store.appendToStream(streamId, events, revision)).nextExpectedRevision;
        count += batch;
      }
      return count;
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const label = `append ${batch === 1 ? 'single-event tx' : `batches of ${batch}`}, ${writers} writer${writers === 1 ? '' : 's'}`;
  return { scenario: label, events: written.reduce((sum, count) => sum + count, 0), seconds };
}

/** Pages through the whole log forwards, as a projection rebuild does. */
export async function measureReadAll(store: EventStore, pageSize: number): Promise<Measurement> {
  const started = process.hrtime.bigint();
  let events = 0;
  let page = await store.readAll({ maxCount: pageSize });
  while (page.length > 0) {
    events += page.length;
    page = await store.readAll({ fromPosition: page[page.length - 1].position, maxCount: pageSize });
  }
  return { scenario: `readAll forwards, pages of ${pageSize}`, events, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** A catch-up subscription from the start of the log until it reports caughtUp. */
export async function measureCatchUp(store: EventStore): Promise<Measurement> {
  const started = process.hrtime.bigint();
  let events = 0;
  await firstValueFrom(
    store.subscribeToAll({ checkpointInterval: 10_000 }).pipe(
      filter((message) => {
        if (message.kind === 'event') events += 1;
        return message.kind === 'caughtUp';
      }),
    ),
  );
  return { scenario: 'subscribeToAll catch-up from the start', events, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
