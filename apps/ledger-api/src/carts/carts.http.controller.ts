import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Param, Patch, Post, Put, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { type CartCommand, type CartContext, cartDecider, type CartState, cartStream, type Money } from '@promo-ledger/domain';
import type { HttpReply } from '../http/http-types';
import { Clock } from '../application/clock';
import { commandMetadata, idForRequest } from '../application/command-metadata';
import { StreamRunner, type StreamResult } from '../application/stream-runner';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { Roles } from '../auth/roles.decorator';
import { parseIfMatch, setEtag } from '../http/etag';
import { toMoney } from '../http/validators/money.dto';
import { CartContextLoader } from './cart-context.loader';
import { type CartCommandResult, ExecuteCartCommand } from './cart-command.handler';
import {
  AbandonCartRequest, AddItemRequest, AttachCouponRequest, ChangeQuantityRequest, CheckoutRequest, OpenCartRequest, SetShippingRequest,
} from './cart.request.dto';
import { type CartView, cartView, existingCart, type QuoteView, quoteView } from './cart.response';
import { CheckoutCart, type CheckoutResult } from './checkout.handler';

export interface CheckoutResponse {
  readonly orderId: string;
  readonly cartId: string;
  readonly expectedTotal: Money;
  readonly discounts: CheckoutResult['quote']['discounts'];
  readonly version: number;
  readonly position: string | null;
}

@ApiTags('carts')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: true, description: 'on every write' })
@Roles('checkout')
@Controller('v1/carts')
export class CartsController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(StreamRunner) private readonly runner: StreamRunner,
    @Inject(CartContextLoader) private readonly contexts: CartContextLoader,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Post()
  open(@Body() body: OpenCartRequest, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: HttpReply): Promise<CartView> {
    const cartId = body.cartId ?? idForRequest(request);
    const { channel, customerTags } = body;
    const command: CartCommand = { type: 'OpenCart', data: { cartId, customerId: body.customerId, currency: body.currency, ...(channel ? { channel } : {}), ...(customerTags ? { customerTags } : {}) } };
    return this.execute(cartId, command, request, response);
  }

  @Get(':id')
  async get(@Param('id') cartId: string, @Res({ passthrough: true }) response: HttpReply): Promise<CartView> {
    const { state, version } = await this.runner.load(cartStream(cartId), cartDecider);
    return this.view({ state, version, position: null }, response);
  }

  @Post(':id/items')
  @HttpCode(200)
  addItem(@Param('id') cartId: string, @Body() body: AddItemRequest, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string): Promise<CartView> {
    const displayed = body.displayedUnitPrice ? { displayedUnitPrice: toMoney(body.displayedUnitPrice) } : {};
    return this.execute(cartId, { type: 'AddItem', data: { sku: body.sku, quantity: body.quantity, ...displayed } }, request, response, ifMatch);
  }

  @Patch(':id/items/:sku')
  changeQuantity(@Param('id') cartId: string, @Param('sku') sku: string, @Body() body: ChangeQuantityRequest, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string): Promise<CartView> {
    return this.execute(cartId, { type: 'ChangeItemQuantity', data: { sku, quantity: body.quantity } }, request, response, ifMatch);
  }

  @Delete(':id/items/:sku')
  removeItem(@Param('id') cartId: string, @Param('sku') sku: string, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string): Promise<CartView> {
    return this.execute(cartId, { type: 'RemoveItem', data: { sku } }, request, response, ifMatch);
  }

  @Put(':id/shipping')
  setShipping(@Param('id') cartId: string, @Body() body: SetShippingRequest, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: HttpReply, @Headers('if-match') ifMatch?: string): Promise<CartView> {
    return this.execute(cartId, { type: 'SetShipping', data: { amount: toMoney(body.amount) } }, request, response, ifMatch);
  }

  @Post(':id/coupons')
  @HttpCode(200)
  attachCoupon(@Param('id') cartId: string, @Body() body: AttachCouponRequest, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: HttpReply): Promise<CartView> {
    return this.execute(cartId, { type: 'AttachCoupon', data: { code: body.code } }, request, response);
  }

  @Delete(':id/coupons/:code')
  detachCoupon(@Param('id') cartId: string, @Param('code') code: string, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: HttpReply): Promise<CartView> {
    return this.execute(cartId, { type: 'DetachCoupon', data: { code } }, request, response);
  }

  @Post(':id/quote')
  async quote(@Param('id') cartId: string, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: HttpReply): Promise<QuoteView> {
    const result: StreamResult<CartState> = await this.commands.execute(new ExecuteCartCommand(cartId, { type: 'IssueQuote', data: {} }, commandMetadata(request)));
    const cart = existingCart(result.state);
    const quotes = Object.values(cart.quotes);
    setEtag(response, Number(result.version));
    return quoteView(cart, quotes[quotes.length - 1], result.version, result.position);
  }

  @Post(':id/checkout')
  async checkout(@Param('id') cartId: string, @Body() body: CheckoutRequest, @Req() request: AuthenticatedRequest): Promise<CheckoutResponse> {
    const result: CheckoutResult = await this.commands.execute(new CheckoutCart(cartId, body.quoteId, body.orderId, commandMetadata(request)));
    const { order, quote } = result;
    const orderId = order.state.status === 'none' ? (body.orderId ?? '') : order.state.placed.orderId;
    return { orderId, cartId, expectedTotal: quote.total, discounts: quote.discounts, version: Number(order.version), position: order.position };
  }

  @Post(':id/abandon')
  @HttpCode(200)
  abandon(@Param('id') cartId: string, @Body() body: AbandonCartRequest, @Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: HttpReply): Promise<CartView> {
    return this.execute(cartId, { type: 'AbandonCart', data: body.reason ? { reason: body.reason } : {} }, request, response);
  }

  private async execute(cartId: string, command: CartCommand, request: AuthenticatedRequest, response: HttpReply, ifMatch?: string): Promise<CartView> {
    const result: CartCommandResult = await this.commands.execute(new ExecuteCartCommand(cartId, command, commandMetadata(request), parseIfMatch(ifMatch)));
    return this.view(result, response, result.facts);
  }

  /** Priced with the facts the command was decided on, or, for a read, looked up now. */
  private async view(result: StreamResult<CartState>, response: HttpReply, decidedOn?: CartContext): Promise<CartView> {
    const cart = existingCart(result.state);
    const facts = decidedOn ?? (await this.contexts.pricingFacts(cart, this.clock.now()));
    setEtag(response, Number(result.version));
    return cartView(cart, facts, result.version, result.position);
  }
}
