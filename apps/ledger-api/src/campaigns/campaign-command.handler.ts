import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CampaignCommand, campaignDecider, type CampaignState, campaignStream } from '@promo-ledger/domain';
import { Clock } from '../application/clock';
import type { CommandMetadata } from '../application/command-metadata';
import { StreamRunner, type StreamResult } from '../application/stream-runner';

/** Any campaign command: the domain command is already the typed intention; this adds who, when and If-Match. */
export class ExecuteCampaignCommand {
  constructor(
    readonly command: CampaignCommand,
    readonly metadata: CommandMetadata,
    readonly ifMatch?: bigint,
  ) {}
}

@CommandHandler(ExecuteCampaignCommand)
export class CampaignCommandHandler implements ICommandHandler<ExecuteCampaignCommand, StreamResult<CampaignState>> {
  constructor(
    @Inject(StreamRunner) private readonly runner: StreamRunner,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  execute({ command, metadata, ifMatch }: ExecuteCampaignCommand): Promise<StreamResult<CampaignState>> {
    return this.runner.run(campaignStream(command.data.campaignId), campaignDecider, command, metadata, {
      ifMatch,
      context: () => Promise.resolve({ now: this.clock.now() }),
    });
  }
}
