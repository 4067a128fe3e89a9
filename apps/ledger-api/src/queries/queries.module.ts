import { Module } from '@nestjs/common';
import { CampaignStatsController } from './campaign-stats.http.controller';
import { MismatchesController } from './mismatches.http.controller';
import { OrderViewController } from './order-view.http.controller';
import { PriceHistoryController } from './price-history.http.controller';
import { RedemptionsController } from './redemptions.http.controller';

/** Read-model queries (DESIGN §8): support's and finance's questions, answered from the projections. */
@Module({
  controllers: [RedemptionsController, MismatchesController, OrderViewController, CampaignStatsController, PriceHistoryController],
})
export class QueriesModule {}
