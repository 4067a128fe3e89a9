import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { OrderCommand } from '@promo-ledger/domain';
import type { HttpReply } from '../http/http-types';
import { IdGenerator } from '../application/clock';
import { commandMetadata } from '../application/command-metadata';
import type { StreamResult } from '../application/stream-runner';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { Roles } from '../auth/roles.decorator';
import { parseIfMatch, setEtag } from '../http/etag';
import { PathIdPipe } from '../http/path-id.pipe';
import { toMoney } from '../http/validators/money.dto';
import { ExecuteOrderCommand } from './order-command.handler';
import type { OrderRecord } from './order-record';
import {
  cancelResponse, type CancelResponse, chargeResponse, type ChargeResponse, disputeOpenedResponse, type DisputeOpenedResponse,
  disputeResolvedResponse, type DisputeResolvedResponse, refundResponse, type RefundResponse,
} from './order.response';
import {
  CancelOrderRequest, OpenDisputeRequest, ORDER_ID, ORDER_ID_RULE, RecordChargeRequest, RecordRefundRequest, ResolveDisputeRequest,
} from './order.request.dto';

const orderIdParam = new PathIdPipe(ORDER_ID, 'ORDER.INVALID_ID', `The order id in the path is malformed: it is ${ORDER_ID_RULE}.`);
const disputeIdParam = new PathIdPipe(ORDER_ID, 'ORDER.INVALID_DISPUTE_ID', `The dispute id in the path is malformed: it is ${ORDER_ID_RULE}.`);

/** What happens to an order after checkout placed it: charges, refunds, cancellation, disputes. */
@ApiTags('orders')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: true, description: 'on every write' })
@ApiHeader({ name: 'If-Match', required: false, description: 'the order ETag you read; 412 if the order changed since' })
@Controller('v1/orders/:id')
export class OrdersController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(IdGenerator) private readonly ids: IdGenerator,
  ) {}

  /** Records the charge whatever it is: a charge that differs from the expected total is the mismatch the ledger exists to catch. */
  @Post('charges')
  @Roles('checkout')
  async charge(@Param('id', orderIdParam) orderId: string, @Body() body: RecordChargeRequest, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string): Promise<ChargeResponse> {
    const command: OrderCommand = { type: 'RecordCharge', data: { amount: toMoney(body.amount), paymentRef: body.paymentRef } };
    return chargeResponse(orderId, await this.execute(orderId, command, request, response, ifMatch));
  }

  @Post('refunds')
  @Roles('checkout')
  async refund(@Param('id', orderIdParam) orderId: string, @Body() body: RecordRefundRequest, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string): Promise<RefundResponse> {
    const command: OrderCommand = { type: 'RecordRefund', data: { amount: toMoney(body.amount), refundRef: body.refundRef, reason: body.reason } };
    return refundResponse(orderId, await this.execute(orderId, command, request, response, ifMatch));
  }

  @Post('cancel')
  @HttpCode(200)
  @Roles('checkout')
  async cancel(@Param('id', orderIdParam) orderId: string, @Body() body: CancelOrderRequest, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string): Promise<CancelResponse> {
    return cancelResponse(orderId, await this.execute(orderId, { type: 'CancelOrder', data: { reason: body.reason } }, request, response, ifMatch));
  }

  @Post('disputes')
  @Roles('support', 'finance')
  async openDispute(@Param('id', orderIdParam) orderId: string, @Body() body: OpenDisputeRequest, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string): Promise<DisputeOpenedResponse> {
    // openedBy names the key (never the key itself), so finance can see whether support or finance opened it
    const command: OrderCommand = { type: 'OpenDispute', data: { disputeId: this.ids.next(), reason: body.reason, openedBy: request.actor?.keyId ?? 'unknown' } };
    return disputeOpenedResponse(orderId, await this.execute(orderId, command, request, response, ifMatch));
  }

  @Post('disputes/:disputeId/resolve')
  @HttpCode(200)
  @Roles('finance')
  async resolveDispute(@Param('id', orderIdParam) orderId: string, @Param('disputeId', disputeIdParam) disputeId: string, @Body() body: ResolveDisputeRequest, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string): Promise<DisputeResolvedResponse> {
    const command: OrderCommand = {
      type: 'ResolveDispute',
      data: { disputeId, resolution: body.resolution, ...(body.refund === undefined ? {} : { refund: toMoney(body.refund) }), ...(body.note === undefined ? {} : { note: body.note }) },
    };
    return disputeResolvedResponse(orderId, await this.execute(orderId, command, request, response, ifMatch));
  }

  private async execute(orderId: string, command: OrderCommand, request: AuthenticatedRequest, response: HttpReply, ifMatch?: string): Promise<StreamResult<OrderRecord>> {
    const result: StreamResult<OrderRecord> = await this.commands.execute(new ExecuteOrderCommand(orderId, command, commandMetadata(request), parseIfMatch(ifMatch)));
    setEtag(response, Number(result.version));
    return result;
  }
}
