import { Module } from '@nestjs/common';
import { CampaignCommandHandler } from './campaign-command.handler';
import { CampaignsController } from './campaigns.http.controller';
import { IssueUniqueCodesHandler } from './issue-codes.handler';

@Module({
  controllers: [CampaignsController],
  providers: [CampaignCommandHandler, IssueUniqueCodesHandler],
})
export class CampaignsModule {}
