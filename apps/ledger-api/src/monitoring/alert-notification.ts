/** What the webhook receives for each raise and resolve (JSON), and what the alert list is built from. */
export interface AlertNotification {
  readonly event: 'alert.raised' | 'alert.resolved';
  readonly alertId: string;
  readonly rule: string;
  readonly key: string;
  readonly severity: 'warning' | 'critical';
  readonly status: 'firing' | 'resolved';
  readonly summary: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly campaignId: string | null;
  /** When the transition was recorded (raisedAt or resolvedAt). */
  readonly at: string;
  /** Global position of the AlertRaised / AlertResolved event. */
  readonly position: string | null;
}
