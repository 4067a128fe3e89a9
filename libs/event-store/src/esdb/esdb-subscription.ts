import { Observable } from 'rxjs';
import { StoreUnavailableError } from '../port/errors';
import type { SubscribeOptions, SubscriptionFilter, SubscriptionMessage } from '../port/event-store.port';
import type { EventTypeRegistry } from '../port/event-type-registry';
import { comparePositions, type Position, START_POSITION } from '../port/position';
import type { EsdbConnection, EsdbRecord, EsdbServerFilter, EsdbSubscriptionHandle } from './esdb-connection';
import { isSystemRecord, toRecordedEvent } from './esdb-records';

export interface EsdbSubscriptionTuning {
  readonly checkpointInterval: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
}

export const DEFAULT_SUBSCRIPTION_TUNING: EsdbSubscriptionTuning = { checkpointInterval: 256, initialBackoffMs: 50, maxBackoffMs: 2_000 };

/**
 * EventStoreDB filters on the stream name or on the event type, not both, and only a filtered
 * subscription gets checkpoints. So: stream prefixes go to the server when given (they are the
 * narrower choice for this ledger), event-type prefixes otherwise, and with no filter at all the
 * server still filters out its own system events by type. Whatever the server cannot filter is
 * filtered here, on the delivered events.
 */
export function planFilter(filter: SubscriptionFilter | undefined): { readonly server: EsdbServerFilter; readonly accepts: (record: EsdbRecord) => boolean } {
  const streamPrefixes = filter?.streamPrefixes?.length ? filter.streamPrefixes : null;
  const typePrefixes = filter?.eventTypePrefixes?.length ? filter.eventTypePrefixes : null;
  const server: EsdbServerFilter = streamPrefixes
    ? { on: 'streamName', prefixes: streamPrefixes }
    : typePrefixes
      ? { on: 'eventType', prefixes: typePrefixes }
      : { on: 'eventType', regex: '^[^$]' };
  const accepts = (record: EsdbRecord): boolean =>
    !isSystemRecord(record) &&
    (!streamPrefixes || streamPrefixes.some((prefix) => record.streamId.startsWith(prefix))) &&
    (!typePrefixes || typePrefixes.some((prefix) => record.type.startsWith(prefix)));
  return { server, accepts };
}

/**
 * Catch-up then live from EventStoreDB, surviving drops: the client does not resubscribe by itself,
 * so after a drop this subscribes again, with backoff, strictly after the last position it handed
 * over (event or checkpoint). Anything at or before that position is skipped, so a resubscription
 * neither loses nor repeats an event. caughtUp is reported once, the first time the server says so.
 */
export function subscribeToAll(
  connection: EsdbConnection,
  registry: EventTypeRegistry,
  options: SubscribeOptions,
  tuning: EsdbSubscriptionTuning,
  onStoreClose: (callback: () => void) => () => void,
): Observable<SubscriptionMessage> {
  return new Observable<SubscriptionMessage>((subscriber) => {
    const plan = planFilter(options.filter);
    const checkpointInterval = Math.max(1, options.checkpointInterval ?? tuning.checkpointInterval);
    let last: Position | null = options.fromPosition && comparePositions(options.fromPosition, START_POSITION) > 0 ? options.fromPosition : null;
    let caughtUpReported = false;
    let closed = false;
    let failures = 0;
    let handle: EsdbSubscriptionHandle | null = null;
    let retryTimer: NodeJS.Timeout | null = null;
    const isNew = (position: Position): boolean => last === null || comparePositions(position, last) > 0;

    const connect = (): void => {
      retryTimer = null;
      if (closed) return;
      const current: { handle: EsdbSubscriptionHandle | null } = { handle: null };
      const stale = (): boolean => closed || handle !== current.handle;
      current.handle = connection.subscribeToAll({ from: last ?? 'start', filter: plan.server, checkpointInterval }, {
        onEvent: (record) => {
          if (stale() || !isNew(record.position)) return;
          failures = 0;
          last = record.position;
          if (!plan.accepts(record)) return;
          try {
            subscriber.next({ kind: 'event', event: toRecordedEvent(record, registry) });
          } catch (error) {
            fail(error);
          }
        },
        onCheckpoint: (position) => {
          if (stale() || !isNew(position)) return;
          last = position;
          subscriber.next({ kind: 'checkpoint', position });
        },
        onCaughtUp: () => {
          if (stale() || caughtUpReported) return;
          caughtUpReported = true;
          subscriber.next({ kind: 'caughtUp', position: last ?? START_POSITION });
        },
        onDropped: (error) => {
          if (stale()) return;
          if (!(error instanceof StoreUnavailableError)) return fail(error);
          failures += 1;
          const delay = Math.min(tuning.maxBackoffMs, tuning.initialBackoffMs * 2 ** (failures - 1));
          retryTimer = setTimeout(connect, delay);
        },
      });
      handle = current.handle;
    };

    const stop = (): void => {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      void handle?.unsubscribe().catch(() => undefined);
      handle = null;
    };
    const fail = (error: unknown): void => {
      stop();
      subscriber.error(error);
    };
    // Closing the store completes its subscriptions; otherwise they would retry a closed client forever.
    const forget = onStoreClose(() => {
      stop();
      subscriber.complete();
    });
    connect();
    return () => {
      forget();
      stop();
    };
  });
}
