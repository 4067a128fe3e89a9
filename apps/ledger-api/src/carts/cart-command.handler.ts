import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CartCommand, cartDecider, type CartState, cartStream } from '@promo-ledger/domain';
import type { CommandMetadata } from '../application/command-metadata';
import { statusOfCouponRejection } from '../application/rejection-status';
import { StreamRunner, type StreamResult } from '../application/stream-runner';
import { CartContextLoader } from './cart-context.loader';

export class ExecuteCartCommand {
  constructor(
    readonly cartId: string,
    readonly command: CartCommand,
    readonly metadata: CommandMetadata,
    readonly ifMatch?: bigint,
  ) {}
}

/** Every single-stream cart command: the loader fetches what decide needs, the runner does the rest. */
@CommandHandler(ExecuteCartCommand)
export class CartCommandHandler implements ICommandHandler<ExecuteCartCommand, StreamResult<CartState>> {
  constructor(
    @Inject(StreamRunner) private readonly runner: StreamRunner,
    @Inject(CartContextLoader) private readonly contexts: CartContextLoader,
  ) {}

  execute({ cartId, command, metadata, ifMatch }: ExecuteCartCommand): Promise<StreamResult<CartState>> {
    return this.runner.run(cartStream(cartId), cartDecider, command, metadata, {
      ifMatch,
      context: (state) => this.contexts.load(command, state),
      ...(command.type === 'AttachCoupon' ? { statusOf: statusOfCouponRejection } : {}),
    });
  }
}
