import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type AuditReport, auditToCsv, auditToHtml, replayOrder } from '@promo-ledger/audit';
import { EventStore } from '@promo-ledger/event-store';
import type { HttpReply } from '../http/http-types';
import { rejectionProblem } from '../application/rejection-status';
import { Roles } from '../auth/roles.decorator';
import { PathIdPipe } from '../http/path-id.pipe';
import { ORDER_ID, ORDER_ID_RULE } from '../orders/order.request.dto';
import { AuditQuery } from './audit.request.dto';

const orderIdParam = new PathIdPipe(ORDER_ID, 'ORDER.INVALID_ID', `The order id in the path is malformed: it is ${ORDER_ID_RULE}.`);

/**
 * Finance's replay of a disputed order (DESIGN §7–§8), straight from the log (never a read model,
 * so it cannot lag): JSON, CSV for spreadsheets, and a printable page for dispute evidence.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/orders')
export class AuditController {
  constructor(@Inject(EventStore) private readonly store: EventStore) {}

  @Get(':id/audit')
  @Roles('finance')
  audit(@Param('id', orderIdParam) orderId: string, @Query() query: AuditQuery): Promise<AuditReport> {
    return this.replay(orderId, query);
  }

  @Get(':id/audit.csv')
  @Roles('finance')
  @ApiProduces('text/csv')
  async csv(@Param('id', orderIdParam) orderId: string, @Query() query: AuditQuery, @Res({ passthrough: true }) response: HttpReply): Promise<string> {
    const report = await this.replay(orderId, query);
    response.type('text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="audit-${orderId}.csv"`);
    return auditToCsv(report);
  }

  @Get(':id/audit.html')
  @Roles('finance')
  @ApiProduces('text/html')
  async html(@Param('id', orderIdParam) orderId: string, @Query() query: AuditQuery, @Res({ passthrough: true }) response: HttpReply): Promise<string> {
    const report = await this.replay(orderId, query);
    // The page is static evidence: nothing in it may run or load, whatever the events contain.
    response.type('text/html; charset=utf-8').header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    return auditToHtml(report);
  }

  private async replay(orderId: string, query: AuditQuery): Promise<AuditReport> {
    const outcome = await replayOrder(this.store, orderId, {
      mode: query.mode ?? 'as-recorded',
      ...(query.termsVersion === undefined ? {} : { termsVersion: query.termsVersion }),
      ...(query.campaignId === undefined ? {} : { campaignId: query.campaignId }),
    });
    if (outcome.kind === 'rejected') throw rejectionProblem(outcome.rejection);
    return outcome.report;
  }
}
