import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type OrderCommand, orderStream } from '@promo-ledger/domain';
import { Clock } from '../application/clock';
import type { CommandMetadata } from '../application/command-metadata';
import { StreamRunner, type StreamResult } from '../application/stream-runner';
import { ProblemException } from '../http/problem';
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
    try {
      const result = await this.runner.run(orderStream(orderId), orderRecord, command, metadata, {
        ifMatch,
        context: () => Promise.resolve({ now: this.clock.now() }),
      });
      const { order } = result.state;
      if (command.type === 'CancelOrder' && order.status === 'cancelled') {
        await this.cancellationFollowUp.afterOrderCancelled({ orderId, order, metadata });
      }
      return result;
    } catch (error) {
      // A retried cancel is refused (already cancelled) but re-runs the follow-up, whose releases are
      // idempotent: a cancellation whose follow-up failed half-way is healed by retrying it.
      if (command.type === 'CancelOrder' && error instanceof ProblemException && error.code === 'ORDER.ALREADY_CANCELLED') {
        const { order } = (await this.runner.load(orderStream(orderId), orderRecord)).state;
        if (order.status === 'cancelled') await this.cancellationFollowUp.afterOrderCancelled({ orderId, order, metadata });
      }
      throw error;
    }
  }
}
