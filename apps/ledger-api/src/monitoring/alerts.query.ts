import { type AlertSeverity, type MonitorEvent, monitorStream } from '@promo-ledger/domain';
import { comparePositions, type EventStore, parsePosition, type Position, positionToString, type RecordedEvent } from '@promo-ledger/event-store';
import { MONITOR_RULES } from './rules/alert-finding';

export interface AlertItem {
  readonly alertId: string;
  readonly rule: string;
  readonly key: string;
  readonly severity: AlertSeverity;
  readonly status: 'firing' | 'resolved';
  readonly summary: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly campaignId?: string;
  readonly raisedAt: string;
  readonly updatedAt: string | null;
  readonly resolvedAt: string | null;
  /** What the monitor said when it resolved. */
  readonly resolution: string | null;
  /** Global position of the AlertRaised event ("<commit>/<prepare>", as every write answers it). */
  readonly position: string;
  readonly resolvedPosition: string | null;
}

export interface AlertFilters {
  readonly status?: 'firing' | 'resolved';
  readonly rule?: string;
  /** Only alerts raised after this position (exclusive). */
  readonly since?: string;
  /** nextCursor of the previous page. */
  readonly cursor?: string;
  readonly limit?: number;
}

export interface AlertPage {
  readonly items: AlertItem[];
  readonly nextCursor: string | null;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * GET /v1/alerts, straight from the monitor streams (one per rule, short: an event per transition),
 * so the list is exact the moment an alert is appended, whichever replica raised it.
 * In the order the alerts were raised; the cursor is the position of the last alert of a page.
 */
export async function findAlerts(store: EventStore, filters: AlertFilters = {}): Promise<AlertPage> {
  const rules = filters.rule === undefined ? MONITOR_RULES : MONITOR_RULES.filter((rule) => rule === filters.rule);
  const streams = await Promise.all(rules.map((rule) => store.readStream(monitorStream(rule))));
  const alerts = streams.flatMap(foldAlerts).sort((left, right) => comparePositions(left.raisedPosition, right.raisedPosition));
  const after = [filters.since, filters.cursor].filter((text): text is string => text !== undefined).map(parsePosition);
  const selected = alerts.filter((alert) => (filters.status === undefined || alert.item.status === filters.status) && after.every((position) => comparePositions(alert.raisedPosition, position) > 0));
  const limit = Math.min(Math.max(filters.limit ?? 50, 1), 500);
  const page = selected.slice(0, limit);
  return { items: page.map((alert) => alert.item), nextCursor: selected.length > limit ? page[page.length - 1].item.position : null };
}

function foldAlerts(events: readonly RecordedEvent[]): { item: AlertItem; raisedPosition: Position }[] {
  const byId = new Map<string, { item: Mutable<AlertItem>; raisedPosition: Position }>();
  for (const recorded of events) {
    const event = { type: recorded.type, data: recorded.data } as unknown as MonitorEvent;
    switch (event.type) {
      case 'AlertRaised': {
        const { alertId, rule, key, severity, summary, details, campaignId, raisedAt } = event.data;
        const item: Mutable<AlertItem> = {
          alertId, rule, key, severity, status: 'firing', summary, details, raisedAt, updatedAt: null, resolvedAt: null, resolution: null,
          position: positionToString(recorded.position), resolvedPosition: null,
        };
        if (campaignId !== null) item.campaignId = campaignId;
        byId.set(alertId, { item, raisedPosition: recorded.position });
        break;
      }
      case 'AlertUpdated': {
        const alert = byId.get(event.data.alertId);
        if (alert !== undefined) Object.assign(alert.item, { summary: event.data.summary, details: event.data.details, updatedAt: event.data.updatedAt });
        break;
      }
      case 'AlertResolved': {
        const alert = byId.get(event.data.alertId);
        if (alert !== undefined) {
          Object.assign(alert.item, { status: 'resolved', resolvedAt: event.data.resolvedAt, resolution: event.data.summary, resolvedPosition: positionToString(recorded.position) });
        }
        break;
      }
    }
  }
  return [...byId.values()];
}
