import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Put, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { priceStream } from '@promo-ledger/domain';
import type { HttpReply } from '../http/http-types';
import { Clock } from '../application/clock';
import { commandMetadata } from '../application/command-metadata';
import { StreamRunner, type StreamResult } from '../application/stream-runner';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { ROLES } from '../auth/api-keys';
import { Roles } from '../auth/roles.decorator';
import { parseIfMatch, setEtag } from '../http/etag';
import { PathIdPipe } from '../http/path-id.pipe';
import { type CurrentPriceResponse, currentPriceResponse, type SetPriceResponse, setPriceResponse } from './price.response';
import { SetPriceRequest, SetPricesBatchRequest, SKU, SKU_RULE, toSetPrice } from './price.request.dto';
import { pricedSku, type PricedSku } from './priced-sku';
import { SetPriceCommand } from './set-price.handler';
import { type BatchItemResult, SetPricesBatch } from './set-prices-batch.handler';

const skuParam = new PathIdPipe(SKU, 'PRICE.INVALID_SKU', `The sku in the path is malformed: ${SKU_RULE}.`);

@ApiTags('prices')
@ApiBearerAuth()
@Controller('v1/prices')
export class PricesController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(StreamRunner) private readonly runner: StreamRunner,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Put(':sku')
  @Roles('pricing')
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiHeader({ name: 'If-Match', required: false, description: 'the ETag you read; 412 if the sku’s prices changed since' })
  async set(
    @Param('sku', skuParam) sku: string,
    @Body() body: SetPriceRequest,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: HttpReply,
    @Headers('if-match') ifMatch?: string,
  ): Promise<SetPriceResponse> {
    const result: StreamResult<PricedSku> = await this.commands.execute(new SetPriceCommand(toSetPrice(sku, body), commandMetadata(request), parseIfMatch(ifMatch)));
    // 201 when this was the sku's first price: the price book entry (and its stream) came into being
    response.status(result.state.book.version === 1 ? 201 : 200);
    const answer = setPriceResponse(sku, result);
    setEtag(response, answer.version);
    return answer;
  }

  @Post('batch')
  @HttpCode(200)
  @Roles('pricing')
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  async setMany(@Body() body: SetPricesBatchRequest, @Req() request: AuthenticatedRequest): Promise<{ results: BatchItemResult[] }> {
    const commands = body.prices.map((item) => toSetPrice(item.sku, item));
    const results: BatchItemResult[] = await this.commands.execute(new SetPricesBatch(commands, commandMetadata(request)));
    return { results };
  }

  @Get(':sku')
  @Roles(...ROLES)
  async get(@Param('sku', skuParam) sku: string, @Res({ passthrough: true }) response: HttpReply): Promise<CurrentPriceResponse> {
    const { state, version } = await this.runner.load(priceStream(sku), pricedSku);
    const answer = currentPriceResponse(sku, state, version, this.clock.now());
    setEtag(response, answer.version);
    return answer;
  }
}
