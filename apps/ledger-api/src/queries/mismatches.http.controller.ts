import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { SqlExecutor } from '@promo-ledger/event-store';
import { findMismatches, type MismatchPage, ReadModelSchema } from '@promo-ledger/projections';
import { Roles } from '../auth/roles.decorator';
import { ReadYourWrites } from '../projections/read-your-writes';
import { SQL_DATABASE } from '../store/sql-database';
import { answering } from './query-errors';
import { MismatchesQuery } from './query.request.dto';

/** Finance's question: which orders were charged something other than what they should have cost, and what is owed. */
@ApiTags('queries')
@ApiBearerAuth()
@Controller('v1/mismatches')
export class MismatchesController {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlExecutor,
    @Inject(ReadModelSchema) private readonly schema: ReadModelSchema,
    @Inject(ReadYourWrites) private readonly reads: ReadYourWrites,
  ) {}

  @Get()
  @Roles('finance')
  async list(@Query() query: MismatchesQuery): Promise<MismatchPage> {
    await this.reads.reach(query.minPosition, ['mismatches']);
    const { minPosition: _minPosition, ...filters } = query;
    return answering(() => findMismatches(this.db, this.schema, filters));
  }
}
