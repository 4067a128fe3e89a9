import type { ExistingOrder } from '@promo-ledger/domain';
import type { CommandMetadata } from '../application/command-metadata';

export interface CancelledOrder {
  readonly orderId: string;
  /** The order after OrderCancelled: its placed data names the campaigns and customer involved. */
  readonly order: ExistingOrder;
  readonly metadata: CommandMetadata;
}

/**
 * What else must happen once an order is cancelled — releasing the budget and per-customer
 * reservations it consumed belongs to the checkout slice, which binds its own class to this token in
 * OrdersModule. It runs after OrderCancelled is stored; if it fails, the cancellation stands and
 * what it did not release stays consumed until the cancel is sent again: a retried cancel, refused as
 * already cancelled, runs the follow-up once more, and each release is idempotent. The reservation
 * reconciler does not cover it — it settles only reservations left open, and an order's reservation
 * was confirmed when the order was placed.
 */
export abstract class OrderCancellationFollowUp {
  abstract afterOrderCancelled(cancelled: CancelledOrder): Promise<void>;
}
