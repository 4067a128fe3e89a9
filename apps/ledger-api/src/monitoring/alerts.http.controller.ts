import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { EventStore } from '@promo-ledger/event-store';
import { Roles } from '../auth/roles.decorator';
import { type AlertPage, findAlerts } from './alerts.query';
import { AlertsQuery } from './alerts.request.dto';

/** What the built-in monitors raised and resolved (DESIGN §9), for the people who act on it. */
@ApiTags('monitoring')
@ApiBearerAuth()
@Controller('v1/alerts')
export class AlertsController {
  constructor(@Inject(EventStore) private readonly store: EventStore) {}

  @Get()
  @Roles('marketing', 'support', 'finance')
  list(@Query() query: AlertsQuery): Promise<AlertPage> {
    return findAlerts(this.store, query);
  }
}
