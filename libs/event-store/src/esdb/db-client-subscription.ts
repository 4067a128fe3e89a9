import { type AllStreamSubscription, type EventStoreDBClient, type Filter, START, eventTypeFilter, streamNameFilter } from '@eventstore/db-client';
import type { Position } from '../port/position';
import { StoreUnavailableError } from '../port/errors';
import { type ClientRecordedEvent, toEsdbRecord, toPortError } from './db-client-mapping';
import type { EsdbServerFilter, EsdbSubscribeOptions, EsdbSubscriptionHandle, EsdbSubscriptionHandlers } from './esdb-connection';

/** EventStoreDB's default search window (its read batch size); checkpoints come every window × multiplier examined events. */
const MAX_SEARCH_WINDOW = 32;

type SignalBody = { readonly kind: 'checkpoint'; readonly position: Position } | { readonly kind: 'caughtUp' };
type Signal = SignalBody & { readonly afterEvents: number };

function clientFilter(filter: EsdbServerFilter, checkpointInterval: number, onCheckpoint: (subscription: AllStreamSubscription, position: Position) => void): Filter {
  const maxSearchWindow = Math.max(1, Math.min(checkpointInterval, MAX_SEARCH_WINDOW));
  const common = { maxSearchWindow, checkpointInterval: Math.max(1, Math.floor(checkpointInterval / maxSearchWindow)), checkpointReached: onCheckpoint };
  if (filter.on === 'streamName') return streamNameFilter({ ...common, prefixes: [...filter.prefixes] });
  return 'regex' in filter ? eventTypeFilter({ ...common, regex: filter.regex }) : eventTypeFilter({ ...common, prefixes: [...filter.prefixes] });
}

/**
 * A catch-up subscription through the client, keeping the server's order. The client hands out
 * events through a stream buffer but reports checkpoints and caught-up at once, so a signal could
 * overtake events still sitting in that buffer. Each signal therefore waits until as many events as
 * were buffered when it arrived have been handed over (`afterEvents`).
 */
export function subscribeWithDbClient(client: EventStoreDBClient, options: EsdbSubscribeOptions, handlers: EsdbSubscriptionHandlers): EsdbSubscriptionHandle {
  let delivered = 0;
  let ended = false;
  const signals: Signal[] = [];
  // Created below; the filter callback only runs once the subscription exists.
  let subscription: AllStreamSubscription | null = null;

  const flushSignals = (): void => {
    while (!ended && signals.length > 0 && signals[0].afterEvents <= delivered) {
      const signal = signals.shift();
      if (signal?.kind === 'checkpoint') handlers.onCheckpoint(signal.position);
      else if (signal?.kind === 'caughtUp') handlers.onCaughtUp();
    }
  };
  const enqueue = (signal: SignalBody): void => {
    signals.push({ ...signal, afterEvents: delivered + (subscription?.readableLength ?? 0) });
    flushSignals();
  };
  const drop = (error: unknown): void => {
    if (ended) return;
    ended = true;
    handlers.onDropped(toPortError(error, '$all'));
  };

  const filter = clientFilter(options.filter, options.checkpointInterval, (_subscription, position) => enqueue({ kind: 'checkpoint', position }));
  subscription = client.subscribeToAll({ fromPosition: options.from === 'start' ? START : options.from, filter });
  subscription.on('data', (resolved: { event?: ClientRecordedEvent }) => {
    delivered += 1;
    if (ended || !resolved.event) return;
    handlers.onEvent(toEsdbRecord(resolved.event));
    flushSignals();
  });
  subscription.on('caughtUp', () => enqueue({ kind: 'caughtUp' }));
  subscription.on('error', (error: unknown) => drop(error));
  subscription.on('end', () => drop(new StoreUnavailableError('EventStoreDB ended the subscription')));

  return {
    unsubscribe: async () => {
      ended = true;
      await subscription?.unsubscribe();
    },
  };
}
