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
 * OrdersModule. It runs after OrderCancelled is stored; if it fails, the cancellation stands and the
 * reservation reconciler releases what was left (DESIGN §4).
 */
export abstract class OrderCancellationFollowUp {
  abstract afterOrderCancelled(cancelled: CancelledOrder): Promise<void>;
}
