import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { SqlExecutor } from '@promo-ledger/event-store';
import { findOrderTotals, type OrderTotalsView, ReadModelSchema } from '@promo-ledger/projections';
import { Roles } from '../auth/roles.decorator';
import { ProblemException } from '../http/problem';
import { ReadYourWrites } from '../projections/read-your-writes';
import { SQL_DATABASE } from '../store/sql-database';
import { ReadYourWritesQuery } from './query.request.dto';

/** One order as the ledger recomputes it: subtotal, discounts per campaign, quoted vs expected vs charged. */
@ApiTags('queries')
@ApiBearerAuth()
@Controller('v1/orders')
export class OrderViewController {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlExecutor,
    @Inject(ReadModelSchema) private readonly schema: ReadModelSchema,
    @Inject(ReadYourWrites) private readonly reads: ReadYourWrites,
  ) {}

  @Get(':id')
  @Roles('support', 'finance')
  async get(@Param('id') orderId: string, @Query() query: ReadYourWritesQuery): Promise<OrderTotalsView> {
    await this.reads.reach(query.minPosition, ['order_totals']);
    const order = await findOrderTotals(this.db, this.schema, orderId);
    if (!order) {
      throw new ProblemException(404, 'ORDER_NOT_FOUND', `No order ${orderId} is known to the ledger. Check the id; right after placing it, pass the checkout's position as minPosition.`);
    }
    return order;
  }
}
