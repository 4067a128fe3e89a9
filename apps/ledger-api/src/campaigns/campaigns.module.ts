import { Module } from '@nestjs/common';
import { CampaignCommandHandler } from './campaign-command.handler';
import { CampaignsController } from './campaigns.http.controller';
import { CreateCampaignHandler } from './create-campaign.handler';
import { IssueUniqueCodesHandler } from './issue-codes.handler';

@Module({
  controllers: [CampaignsController],
  providers: [CampaignCommandHandler, CreateCampaignHandler, IssueUniqueCodesHandler],
})
export class CampaignsModule {}
