import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { SqlExecutor } from '@promo-ledger/event-store';
import { priceHistory, type PriceHistoryPage, ReadModelSchema } from '@promo-ledger/projections';
import { ROLES } from '../auth/api-keys';
import { Roles } from '../auth/roles.decorator';
import { PathIdPipe } from '../http/path-id.pipe';
import { ReadYourWrites } from '../projections/read-your-writes';
import { SKU, SKU_RULE } from '../prices/price.request.dto';
import { SQL_DATABASE } from '../store/sql-database';
import { answering } from './query-errors';
import { PagedQuery } from './query.request.dto';

const skuParam = new PathIdPipe(SKU, 'PRICE.INVALID_SKU', `The sku in the path is malformed: ${SKU_RULE}.`);

/** Every price a sku had, newest first, with when it took effect, why, and who set it. */
@ApiTags('queries')
@ApiBearerAuth()
@Controller('v1/prices')
export class PriceHistoryController {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlExecutor,
    @Inject(ReadModelSchema) private readonly schema: ReadModelSchema,
    @Inject(ReadYourWrites) private readonly reads: ReadYourWrites,
  ) {}

  @Get(':sku/history')
  @Roles(...ROLES)
  async history(@Param('sku', skuParam) sku: string, @Query() query: PagedQuery): Promise<PriceHistoryPage> {
    await this.reads.reach(query.minPosition, ['price_history']);
    return answering(() => priceHistory(this.db, this.schema, sku, { cursor: query.cursor, limit: query.limit }));
  }
}
