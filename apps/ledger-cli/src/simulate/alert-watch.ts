import { comparePositions as comparePositionValues, parsePosition } from '@promo-ledger/event-store';
import { LedgerCallFailed, type LedgerHttp } from './ledger-http';

/** GET /v1/alerts items, as far as the simulation reads them. */
export interface AlertView {
  readonly alertId: string;
  readonly rule: string;
  readonly status: 'firing' | 'resolved';
  readonly summary: string;
  readonly raisedAt: string;
  readonly position: string;
}

/** Orders positions "commit/prepare" as the ledger prints them; -1, 0, 1. */
export function comparePositions(left: string, right: string): number {
  return comparePositionValues(parsePosition(left), parsePosition(right));
}

/**
 * Polls the ledger's alerts, as an on-call engineer's pager would, and remembers every alert in
 * the order it was raised in the log. `onRaised` is told about each new one as soon as it is seen.
 */
export class AlertWatch {
  private readonly seen = new Map<string, AlertView>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> = Promise.resolve();

  constructor(
    private readonly ledger: LedgerHttp,
    private readonly onRaised: (alert: AlertView) => void = () => undefined,
    private readonly everyMs = 250,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.polling = this.polling.then(() => this.poll()).catch(() => undefined);
    }, this.everyMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.polling;
    await this.poll();
  }

  /** Every alert seen so far, oldest raise first. */
  alerts(): AlertView[] {
    return [...this.seen.values()].sort((left, right) => comparePositions(left.position, right.position));
  }

  async poll(): Promise<void> {
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '?limit=500' : `?limit=500&cursor=${encodeURIComponent(cursor)}`;
      let page: { items: AlertView[]; nextCursor: string | null };
      try {
        page = (await this.ledger.call<{ items: AlertView[]; nextCursor: string | null }>('finance', 'GET', `/v1/alerts${query}`)).body;
      } catch (error) {
        if (error instanceof LedgerCallFailed && error.status === 404) throw new Error('this ledger has no GET /v1/alerts: its monitors are not available');
        throw error;
      }
      for (const alert of page.items) {
        if (!this.seen.has(alert.alertId)) {
          this.seen.set(alert.alertId, alert);
          this.onRaised(alert);
        }
      }
      cursor = page.nextCursor;
    } while (cursor !== null);
  }
}
