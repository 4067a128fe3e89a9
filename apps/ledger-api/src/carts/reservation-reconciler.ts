import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { budgetDecider, budgetStream, orderDecider, orderStream, staleReservations } from '@promo-ledger/domain';
import { Clock } from '../application/clock';
import type { CommandMetadata } from '../application/command-metadata';
import { PeriodicTask } from '../application/periodic-task';
import { StreamRunner } from '../application/stream-runner';
import { DecisionLookups } from '../registry/decision-lookups';

/** A checkout has this long to place its order after reserving; then the reconciler settles it. */
export const RESERVATION_TIMEOUT_MS = 5 * 60_000;
const RECONCILE_EVERY_MS = 60_000;

const RECONCILER: CommandMetadata = { correlationId: 'reservation-reconciler', causationId: null, actor: { keyId: 'system:reconciler', role: 'admin' }, idempotencyKey: null };

export interface ReconcileReport {
  readonly confirmed: number;
  readonly released: number;
}

/**
 * Settles reservations a crashed or abandoned checkout left open (DESIGN §4): one whose order exists
 * is confirmed (the crash came after the order), the others are released so the budget and the
 * customer's allowance return. Runs every minute in each ledger-api; the budget decider makes a
 * second settlement of the same reservation a no-op or a refusal, so several instances are safe.
 */
@Injectable()
export class ReservationReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReservationReconciler');
  private readonly task = new PeriodicTask(RECONCILE_EVERY_MS, () => this.reconcileOnce(), (error) => this.logger.error(`reconciliation failed: ${String(error)}`));

  constructor(
    @Inject(StreamRunner) private readonly runner: StreamRunner,
    @Inject(DecisionLookups) private readonly lookups: DecisionLookups,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }

  async reconcileOnce(timeoutMs = RESERVATION_TIMEOUT_MS): Promise<ReconcileReport> {
    const registry = await this.lookups.registry();
    let confirmed = 0;
    let released = 0;
    for (const campaignId of Object.keys(registry.codesById)) {
      const { state } = await this.runner.load(budgetStream(campaignId), budgetDecider);
      for (const { reservationId, reservation } of staleReservations(state, this.clock.now(), timeoutMs)) {
        const order = await this.runner.load(orderStream(reservation.orderId), orderDecider);
        const context = () => Promise.resolve({ now: this.clock.now(), limits: {} });
        if (order.state.status === 'none') {
          await this.runner.run(budgetStream(campaignId), budgetDecider, { type: 'ReleaseRedemption', data: { campaignId, reservationId, reason: `no order ${timeoutMs / 1000} s after the reservation` } }, RECONCILER, { context });
          released += 1;
        } else {
          await this.runner.run(budgetStream(campaignId), budgetDecider, { type: 'ConfirmRedemption', data: { campaignId, reservationId } }, RECONCILER, { context });
          confirmed += 1;
        }
      }
    }
    if (confirmed + released > 0) this.logger.warn(`settled stale reservations: ${confirmed} confirmed, ${released} released`);
    return { confirmed, released };
  }
}
