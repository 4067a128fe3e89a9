import type { AlertItem } from './alerts.query';

/** What the webhook receives for each raise and resolve (JSON): the alert as GET /v1/alerts lists it, and the transition. */
export type AlertNotification = Pick<AlertItem, 'alertId' | 'rule' | 'key' | 'severity' | 'status' | 'summary' | 'details'> & {
  readonly event: 'alert.raised' | 'alert.resolved';
  readonly campaignId: string | null;
  /** When the transition was recorded (raisedAt or resolvedAt). */
  readonly at: string;
  /** Global position of the AlertRaised / AlertResolved event. */
  readonly position: string | null;
};
