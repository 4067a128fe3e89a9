import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { SqlExecutor } from '@promo-ledger/event-store';
import { findRedemptions, ReadModelSchema, type RedemptionFilters, type RedemptionPage } from '@promo-ledger/projections';
import { Roles } from '../auth/roles.decorator';
import { ReadYourWrites } from '../projections/read-your-writes';
import { SQL_DATABASE } from '../store/sql-database';
import { answering } from './query-errors';
import { RedemptionsQuery } from './query.request.dto';

/** Support's question: what happened to this shopper's (code's, campaign's, order's) coupon, and why. */
@ApiTags('queries')
@ApiBearerAuth()
@Controller('v1/redemptions')
export class RedemptionsController {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlExecutor,
    @Inject(ReadModelSchema) private readonly schema: ReadModelSchema,
    @Inject(ReadYourWrites) private readonly reads: ReadYourWrites,
  ) {}

  @Get()
  @Roles('support', 'finance')
  async list(@Query() query: RedemptionsQuery): Promise<RedemptionPage> {
    await this.reads.reach(query.minPosition, ['redemptions']);
    const { minPosition: _minPosition, ...filters } = query;
    return answering(() => findRedemptions(this.db, this.schema, filters as RedemptionFilters));
  }
}
