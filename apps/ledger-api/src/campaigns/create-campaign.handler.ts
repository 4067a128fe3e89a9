import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  campaignDecider, campaignRegistryDecider, campaignRegistryStream, type CampaignState, campaignStream, type CreateCampaign,
} from '@promo-ledger/domain';
import { Clock } from '../application/clock';
import type { CommandMetadata } from '../application/command-metadata';
import { rejectionProblem } from '../application/rejection-status';
import { StreamRunner, type StreamResult } from '../application/stream-runner';

export class CreateCampaignCommand {
  constructor(
    readonly command: CreateCampaign,
    readonly metadata: CommandMetadata,
  ) {}
}

/**
 * Creating a campaign touches two streams: the registry (so its code resolves at decision time and
 * stays unique) and the campaign itself. There is no transaction across streams, so the order is
 * chosen to be safe to retry: judge the terms first (pure, nothing written), register (a repeat of
 * the same registration is a no-op), then create the campaign stream.
 */
@CommandHandler(CreateCampaignCommand)
export class CreateCampaignHandler implements ICommandHandler<CreateCampaignCommand, StreamResult<CampaignState>> {
  constructor(
    @Inject(StreamRunner) private readonly runner: StreamRunner,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute({ command, metadata }: CreateCampaignCommand): Promise<StreamResult<CampaignState>> {
    const context = () => Promise.resolve({ now: this.clock.now() });
    const dryRun = campaignDecider.decide(command, campaignDecider.initialState(), { now: this.clock.now() });
    if (dryRun.kind === 'rejected') throw rejectionProblem(dryRun.rejection);
    const { campaignId, codes } = command.data;
    await this.runner.run(campaignRegistryStream(), campaignRegistryDecider, { type: 'RegisterCampaign', data: { campaignId, codes } }, metadata, { context });
    return this.runner.run(campaignStream(campaignId), campaignDecider, command, metadata, { context });
  }
}
