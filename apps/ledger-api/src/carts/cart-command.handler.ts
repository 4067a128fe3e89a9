import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CampaignRegistryState, type CartCommand, type CartContext, cartDecider, type CartState, cartStream } from '@promo-ledger/domain';
import { DecisionLookups } from '../registry/decision-lookups';
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

/** The command's outcome and the facts it was decided on, which also price the cart in the response. */
export interface CartCommandResult extends StreamResult<CartState> {
  readonly facts?: CartContext;
}

/** Every single-stream cart command: the loader fetches what decide needs, the runner does the rest. */
@CommandHandler(ExecuteCartCommand)
export class CartCommandHandler implements ICommandHandler<ExecuteCartCommand, CartCommandResult> {
  constructor(
    @Inject(StreamRunner) private readonly runner: StreamRunner,
    @Inject(CartContextLoader) private readonly contexts: CartContextLoader,
    @Inject(DecisionLookups) private readonly lookups: DecisionLookups,
  ) {}

  async execute({ cartId, command, metadata, ifMatch }: ExecuteCartCommand): Promise<CartCommandResult> {
    // started in the same tick as the runner's read of the cart, so both travel in one query;
    // a retry reads the registry afresh
    let registry: Promise<CampaignRegistryState> | undefined = this.lookups.registry();
    registry.catch(() => undefined); // a failure is met where it is awaited
    let facts: CartContext | undefined;
    const result = await this.runner.run(cartStream(cartId), cartDecider, command, metadata, {
      ifMatch,
      context: async (state) => {
        const prefetched = registry;
        registry = undefined;
        facts = await this.contexts.load(command, state, prefetched);
        return facts;
      },
      ...(command.type === 'AttachCoupon' ? { statusOf: statusOfCouponRejection } : {}),
    });
    return facts === undefined ? result : { ...result, facts };
  }
}
