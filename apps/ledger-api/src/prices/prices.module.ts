import { Module } from '@nestjs/common';
import { PricesController } from './prices.http.controller';
import { SetPriceHandler } from './set-price.handler';
import { SetPricesBatchHandler } from './set-prices-batch.handler';

@Module({
  controllers: [PricesController],
  providers: [SetPriceHandler, SetPricesBatchHandler],
})
export class PricesModule {}
