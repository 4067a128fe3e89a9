import type { DomainEvent } from '../decider';

/**
 * Stream `monitor-<rule>`: the alerts one built-in monitor raised and resolved. Several alerts of a
 * rule may fire at once, one per `key` (a campaign, a rejection reason, a projection); the stream's
 * expected revision is what keeps two replicas from raising the same alert twice.
 */
export type AlertSeverity = 'warning' | 'critical';

/** Plain JSON the monitor attaches to an alert (counts, rates, money as { amount, currency }). */
export type AlertDetails = Readonly<Record<string, unknown>>;

export type AlertRaised = DomainEvent<
  'AlertRaised',
  {
    readonly alertId: string;
    readonly rule: string;
    readonly key: string;
    readonly severity: AlertSeverity;
    readonly summary: string;
    readonly details: AlertDetails;
    readonly campaignId: string | null;
    readonly raisedAt: string;
  }
>;

/** The condition still holds but what it measures changed (another mismatch, more exposure). */
export type AlertUpdated = DomainEvent<
  'AlertUpdated',
  { readonly alertId: string; readonly rule: string; readonly key: string; readonly summary: string; readonly details: AlertDetails; readonly updatedAt: string }
>;

export type AlertResolved = DomainEvent<
  'AlertResolved',
  { readonly alertId: string; readonly rule: string; readonly key: string; readonly summary: string; readonly resolvedAt: string }
>;

export type MonitorEvent = AlertRaised | AlertUpdated | AlertResolved;
