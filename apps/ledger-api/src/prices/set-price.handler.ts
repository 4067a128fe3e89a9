import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { priceStream, type SetPrice } from '@promo-ledger/domain';
import { Clock } from '../application/clock';
import type { CommandMetadata } from '../application/command-metadata';
import { StreamRunner, type StreamResult } from '../application/stream-runner';
import { pricedSku, type PricedSku } from './priced-sku';

/** SetPrice on one sku's stream, with who/when and the caller's If-Match. */
export class SetPriceCommand {
  constructor(
    readonly command: SetPrice,
    readonly metadata: CommandMetadata,
    readonly ifMatch?: bigint,
  ) {}
}

@CommandHandler(SetPriceCommand)
export class SetPriceHandler implements ICommandHandler<SetPriceCommand, StreamResult<PricedSku>> {
  constructor(
    @Inject(StreamRunner) private readonly runner: StreamRunner,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  execute({ command, metadata, ifMatch }: SetPriceCommand): Promise<StreamResult<PricedSku>> {
    return this.runner.run(priceStream(command.data.sku), pricedSku, command, metadata, {
      ifMatch,
      context: () => Promise.resolve({ now: this.clock.now() }),
    });
  }
}
