import { Inject, Injectable, Logger } from '@nestjs/common';
import { budgetDecider, budgetStream, codeStream, customerDecider, customerStream, uniqueCodeDecider } from '@promo-ledger/domain';
import { Clock } from '../application/clock';
import { StreamRunner } from '../application/stream-runner';
import { type CancelledOrder, OrderCancellationFollowUp } from '../orders/order-cancellation.follow-up';

/**
 * A cancelled order gives back what checkout consumed: each discounted campaign's redemption (budget
 * and per-customer count), any single-use code it held, and its place in the customer's history
 * (first-order, perCustomer). Every release is idempotent, so a retried cancellation is harmless.
 */
@Injectable()
export class ReleaseReservationsOnCancel extends OrderCancellationFollowUp {
  private readonly logger = new Logger('ReleaseOnCancel');

  constructor(
    @Inject(StreamRunner) private readonly runner: StreamRunner,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    super();
  }

  async afterOrderCancelled({ orderId, order, metadata }: CancelledOrder): Promise<void> {
    const now = () => this.clock.now();
    for (const { campaignId } of order.placed.discounts) {
      const command = { type: 'ReleaseRedemption' as const, data: { campaignId, reservationId: orderId, reason: 'order cancelled' } };
      await this.runner
        .run(budgetStream(campaignId), budgetDecider, command, metadata, { context: () => Promise.resolve({ now: now(), limits: {} }) })
        .catch((error: unknown) => this.logger.error(`could not release ${campaignId} for ${orderId}: ${String(error)}`));
    }
    for (const { campaignId, code } of order.placed.discounts) {
      // Releasing a code the order does not hold (a public code has no code stream) appends nothing.
      if (code === null) continue;
      const command = { type: 'ReleaseCode' as const, data: { campaignId, code, orderId, reason: 'order cancelled' } };
      await this.runner
        .run(codeStream(campaignId, code), uniqueCodeDecider, command, metadata, { context: () => Promise.resolve({ now: now() }) })
        .catch((error: unknown) => this.logger.error(`could not release code ${code} for ${orderId}: ${String(error)}`));
    }
    const { customerId } = order.placed;
    await this.runner.run(customerStream(customerId), customerDecider, { type: 'VoidCustomerOrder', data: { customerId, orderId } }, metadata, {
      context: () => Promise.resolve({ now: now() }),
    });
  }
}
