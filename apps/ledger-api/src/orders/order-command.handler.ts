import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type OrderCommand, orderStream } from '@promo-ledger/domain';
import { Clock } from '../application/clock';
import type { CommandMetadata } from '../application/command-metadata';
import { StreamRunner, type StreamResult } from '../application/stream-runner';
import { OrderCancellationFollowUp } from './order-cancellation.follow-up';
import { orderRecord, type OrderRecord } from './order-record';

/** A command on a placed order; the domain commands after placement do not carry the order id, so it travels here. */
export class ExecuteOrderCommand {
  constructor(
    readonly orderId: string,
    readonly command: OrderCommand,
    readonly metadata: CommandMetadata,
    readonly ifMatch?: bigint,
  ) {}
}

@CommandHandler(ExecuteOrderCommand)
export class OrderCommandHandler implements ICommandHandler<ExecuteOrderCommand, StreamResult<OrderRecord>> {
  constructor(
    @Inject(StreamRunner) private readonly runner: StreamRunner,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(OrderCancellationFollowUp) private readonly cancellationFollowUp: OrderCancellationFollowUp,
  ) {}

  async execute({ orderId, command, metadata, ifMatch }: ExecuteOrderCommand): Promise<StreamResult<OrderRecord>> {
    const result = await this.runner.run(orderStream(orderId), orderRecord, command, metadata, {
      ifMatch,
      context: () => Promise.resolve({ now: this.clock.now() }),
    });
    const { order } = result.state;
    if (command.type === 'CancelOrder' && order.status === 'cancelled') {
      await this.cancellationFollowUp.afterOrderCancelled({ orderId, order, metadata });
    }
    return result;
  }
}
