import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { SqlExecutor } from '@promo-ledger/event-store';
import { campaignStats, type CampaignStatsView, ReadModelSchema } from '@promo-ledger/projections';
import { Clock } from '../application/clock';
import { Roles } from '../auth/roles.decorator';
import { ProblemException } from '../http/problem';
import { ReadYourWrites } from '../projections/read-your-writes';
import { SQL_DATABASE } from '../store/sql-database';
import { CampaignStatsQuery } from './query.request.dto';

const DAY_MS = 24 * 60 * 60 * 1000;
/** At most this many buckets in one answer; ask for a coarser bucket or a shorter window beyond it. */
const MAX_BUCKETS = 10_000;
const BUCKET_MS = { minute: 60_000, hour: 3_600_000, day: DAY_MS } as const;

/** Campaign health over time: attempts, applications, rejections by reason, and the discount-application success rate. */
@ApiTags('queries')
@ApiBearerAuth()
@Controller('v1/campaigns')
export class CampaignStatsController {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlExecutor,
    @Inject(ReadModelSchema) private readonly schema: ReadModelSchema,
    @Inject(ReadYourWrites) private readonly reads: ReadYourWrites,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Get(':id/stats')
  @Roles('marketing', 'support', 'finance')
  async stats(@Param('id') campaignId: string, @Query() query: CampaignStatsQuery): Promise<CampaignStatsView> {
    const to = query.to ?? this.clock.now();
    const from = query.from ?? new Date(Date.parse(to) - DAY_MS).toISOString();
    const bucket = query.bucket ?? 'hour';
    if (Date.parse(from) >= Date.parse(to)) throw new ProblemException(400, 'QUERY.INVALID_WINDOW', `from (${from}) must be before to (${to}).`);
    if ((Date.parse(to) - Date.parse(from)) / BUCKET_MS[bucket] > MAX_BUCKETS) {
      throw new ProblemException(400, 'QUERY.WINDOW_TOO_LARGE', `That window holds more than ${MAX_BUCKETS} ${bucket} buckets; choose a coarser bucket or a shorter window.`);
    }
    await this.reads.reach(query.minPosition, ['campaign_stats']);
    return campaignStats(this.db, this.schema, campaignId, { from, to, bucket });
  }
}
