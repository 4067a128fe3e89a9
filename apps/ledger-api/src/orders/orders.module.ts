import { Module } from '@nestjs/common';
import { ReleaseReservationsOnCancel } from '../carts/release-on-cancel';
import { OrderCancellationFollowUp } from './order-cancellation.follow-up';
import { OrderCommandHandler } from './order-command.handler';
import { OrdersController } from './orders.http.controller';

@Module({
  controllers: [OrdersController],
  providers: [
    OrderCommandHandler,
    // A cancelled order gives back the budget, per-customer count and history that checkout consumed.
    { provide: OrderCancellationFollowUp, useClass: ReleaseReservationsOnCancel },
  ],
})
export class OrdersModule {}
