import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config';
import { ProblemException } from '../http/problem';
import { InProcessProjections } from '../projections/in-process-projections';

export class ProjectionLagRequest {
  @ApiProperty({ minimum: 1, maximum: 600, example: 20, description: 'how long the read models stop following the log' })
  @IsInt() @Min(1) @Max(600)
  seconds!: number;
}

/**
 * Drills for the monitors, admin only (no @Roles) and only with LEDGER_FAULT_INJECTION=on: the
 * postmortem's second fault, a read side that falls behind the log. `ledger simulate spring40
 * --projection-lag N` calls it part way through; the projection-lag monitor must notice.
 */
@ApiTags('faults')
@ApiBearerAuth()
@Controller('v1/admin/faults')
export class FaultsController {
  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(InProcessProjections) private readonly projections: InProcessProjections,
  ) {}

  @Post('projection-lag')
  @HttpCode(202)
  async projectionLag(@Body() body: ProjectionLagRequest): Promise<{ heldBackUntil: string }> {
    if (!this.config.faultInjection) {
      throw new ProblemException(404, 'FAULT_INJECTION_OFF', 'Fault injection is off on this ledger; start it with LEDGER_FAULT_INJECTION=on (demos and drills only).');
    }
    const until = new Date(Date.now() + body.seconds * 1000).toISOString();
    if (!(await this.projections.holdBack(body.seconds * 1000))) {
      throw new ProblemException(409, 'PROJECTIONS_NOT_IN_PROCESS', 'This ledger does not run the projections (LEDGER_PROJECTIONS=off); hold back apps/projector instead, e.g. by stopping it.');
    }
    return { heldBackUntil: until };
  }
}
