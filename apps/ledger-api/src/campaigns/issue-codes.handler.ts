import { randomInt } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { campaignDecider, type CampaignState, campaignStream } from '@promo-ledger/domain';
import type { CommandMetadata } from '../application/command-metadata';
import { StreamRunner, type StreamResult } from '../application/stream-runner';
import { ExecuteCampaignCommand } from './campaign-command.handler';

export class IssueUniqueCodes {
  constructor(
    readonly campaignId: string,
    readonly count: number,
    readonly metadata: CommandMetadata,
  ) {}
}

// No 0/O or 1/I: codes are read aloud to support and typed from receipts.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 10;

function generateCode(prefix: string): string {
  let code = prefix;
  for (let index = 0; index < CODE_LENGTH; index += 1) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/**
 * Generates single-use codes (randomness stays out of the domain) with the campaign's prefix and
 * hands them to the campaign decider, which refuses duplicates and non-unique-code campaigns.
 */
@CommandHandler(IssueUniqueCodes)
export class IssueUniqueCodesHandler implements ICommandHandler<IssueUniqueCodes, StreamResult<CampaignState>> {
  constructor(
    @Inject(StreamRunner) private readonly runner: StreamRunner,
    @Inject(CommandBus) private readonly commands: CommandBus,
  ) {}

  async execute({ campaignId, count, metadata }: IssueUniqueCodes): Promise<StreamResult<CampaignState>> {
    const { state } = await this.runner.load(campaignStream(campaignId), campaignDecider);
    const prefix = state.status !== 'none' && state.codes.type === 'unique' ? (state.codes.prefix ?? '') : '';
    const taken = new Set(state.status === 'none' ? [] : state.issuedCodes);
    const codes = new Set<string>();
    while (codes.size < count) {
      const code = generateCode(prefix);
      if (!taken.has(code)) codes.add(code);
    }
    return this.commands.execute(new ExecuteCampaignCommand({ type: 'IssueCodes', data: { campaignId, codes: [...codes] } }, metadata));
  }
}
