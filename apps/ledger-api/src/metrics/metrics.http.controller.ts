import { Controller, Get, Header, Headers, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/roles.decorator';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config';
import { ProblemException } from '../http/problem';
import { LedgerMetrics } from './ledger-metrics';

/** Prometheus scrape endpoint: open like the health routes, unless LEDGER_METRICS_TOKEN asks for a bearer token. */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(LedgerMetrics) private readonly metrics: LedgerMetrics,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(@Headers('authorization') authorization: string | undefined): Promise<string> {
    const token = this.config.metricsToken;
    if (token !== null && authorization !== `Bearer ${token}`) {
      throw new ProblemException(401, 'METRICS.UNAUTHORIZED', 'Send the scrape token set in LEDGER_METRICS_TOKEN as "Authorization: Bearer <token>".');
    }
    return this.metrics.registry.metrics();
  }
}
