import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { Public } from '../auth/roles.decorator';
import { ProjectionsHealthIndicator } from './projections.health';
import { StorageHealthIndicator } from './storage.health';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(StorageHealthIndicator) private readonly storage: StorageHealthIndicator,
    @Inject(ProjectionsHealthIndicator) private readonly projections: ProjectionsHealthIndicator,
  ) {}

  /** Liveness: the process answers. Never depends on the store, so a store outage does not restart pods. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Readiness: the ledger can take commands (its storage is reachable); details carry each projection's lag. */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.storage.check('storage'), () => this.projections.check('projections')]);
  }
}
