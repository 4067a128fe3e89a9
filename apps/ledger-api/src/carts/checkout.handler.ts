import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  budgetDecider, budgetStream, cartDecider, cartStream, type CurrentVersions, customerDecider, customerStream, type ExistingCart,
  orderDecider, type OrderState, orderStream, type QuoteData,
} from '@promo-ledger/domain';
import { Clock } from '../application/clock';
import type { CommandMetadata } from '../application/command-metadata';
import { rejectionProblem } from '../application/rejection-status';
import { StreamRunner, type StreamResult } from '../application/stream-runner';
import { ProblemException } from '../http/problem';
import { DecisionLookups } from '../registry/decision-lookups';
import { existingCart } from './cart.response';
import { UniqueCodeClaims } from './unique-code-claims';

export class CheckoutCart {
  constructor(
    readonly cartId: string,
    readonly quoteId: string,
    readonly orderId: string | undefined,
    readonly metadata: CommandMetadata,
  ) {}
}

export interface CheckoutResult {
  readonly order: StreamResult<OrderState>;
  readonly cartId: string;
  readonly quote: QuoteData;
}

/**
 * Checkout spans several streams, so it is a small process with a safe order of steps:
 *   1. judge the quote (pure dry run: QUOTE_STALE appends nothing);
 *   2. reserve each discounted campaign's budget and claim single-use codes — a limit that ran out
 *      since the quote fails the checkout (409) and releases what was taken: an order is never
 *      placed without a discount the shopper was quoted;
 *   3. check the cart out (the commit point; a cart changed meanwhile releases everything);
 *   4. place the order, confirm the reservations, record the order in the customer's history.
 * Steps after 3 are idempotent, so a retry after a crash finishes them. A crash between 2 and 3
 * leaves reservations without an order: the reconciler releases those after a timeout.
 */
@CommandHandler(CheckoutCart)
export class CheckoutHandler implements ICommandHandler<CheckoutCart, CheckoutResult> {
  private readonly logger = new Logger('Checkout');

  constructor(
    @Inject(StreamRunner) private readonly runner: StreamRunner,
    @Inject(DecisionLookups) private readonly lookups: DecisionLookups,
    @Inject(UniqueCodeClaims) private readonly codes: UniqueCodeClaims,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute({ cartId, quoteId, orderId: requested, metadata }: CheckoutCart): Promise<CheckoutResult> {
    const orderId = requested ?? `order-${quoteId}`;
    const cart = existingCart((await this.runner.load(cartStream(cartId), cartDecider)).state);
    const quote = cart.quotes[quoteId];
    if (cart.status === 'checked_out' && cart.orderId === orderId && quote) return this.finish(cart, quote, orderId, metadata);

    const checkout = { type: 'Checkout' as const, data: { quoteId, orderId } };
    const judged = cartDecider.decide(checkout, cart, { now: this.clock.now(), current: await this.currentVersions(quote) });
    if (judged.kind === 'rejected' || !quote) throw rejectionProblem(judged.kind === 'rejected' ? judged.rejection : { code: 'QUOTE_STALE', message: 'Ask for a new quote.' });

    const reservations = await this.reserve(cart, quote, orderId, metadata);
    try {
      await this.codes.claim(cart, quote, orderId, metadata);
      await this.runner.run(cartStream(cartId), cartDecider, checkout, metadata, {
        context: async () => ({ now: this.clock.now(), current: await this.currentVersions(quote) }),
      });
    } catch (error) {
      await this.release(reservations, orderId, 'checkout failed', metadata);
      await this.codes.release(cart, quote, orderId, metadata);
      throw error;
    }
    return this.finish(cart, quote, orderId, metadata);
  }

  private async finish(cart: ExistingCart, quote: QuoteData, orderId: string, metadata: CommandMetadata): Promise<CheckoutResult> {
    const context = () => Promise.resolve({ now: this.clock.now() });
    const placed = await this.runner.load(orderStream(orderId), orderDecider);
    const order = placed.state.status === 'none'
      ? await this.runner.run(orderStream(orderId), orderDecider, { type: 'PlaceOrder', data: { orderId, cartId: cart.cartId, customerId: cart.customerId, quote } }, metadata, { context })
      : { ...placed, position: null };
    for (const { campaignId } of quote.discounts) {
      // confirming reads only the reservation, so no limits are needed
      await this.runner.run(budgetStream(campaignId), budgetDecider, { type: 'ConfirmRedemption', data: { campaignId, reservationId: orderId } }, metadata, {
        context: () => Promise.resolve({ now: this.clock.now(), limits: {} }),
      });
    }
    const campaignIds = quote.discounts.map((discount) => discount.campaignId);
    await this.runner.run(customerStream(cart.customerId), customerDecider, { type: 'RecordCustomerOrder', data: { customerId: cart.customerId, orderId, campaignIds } }, metadata, { context });
    return { order, cartId: cart.cartId, quote };
  }

  /** Reserves every discounted campaign's budget; on the first refusal releases the ones taken and fails. */
  private async reserve(cart: ExistingCart, quote: QuoteData, orderId: string, metadata: CommandMetadata): Promise<string[]> {
    const reserved: string[] = [];
    for (const discount of quote.discounts) {
      const { campaignId } = discount;
      const command = { type: 'ReserveRedemption' as const, data: { campaignId, reservationId: orderId, orderId, customerId: cart.customerId, discount: discount.amount } };
      // Loaded before taking the budget stream's turn: nothing but the budget itself is read while other checkouts wait.
      const context = await this.budgetContext(campaignId, cart.customerId);
      try {
        await this.runner.run(budgetStream(campaignId), budgetDecider, command, metadata, { context: () => Promise.resolve({ ...context, now: this.clock.now() }) });
        reserved.push(campaignId);
      } catch (error) {
        await this.release(reserved, orderId, 'another campaign of the order ran out', metadata);
        throw error;
      }
    }
    return reserved;
  }

  /** Best effort: a release that fails is left to the reconciler, which releases reservations without an order. */
  private async release(campaignIds: readonly string[], orderId: string, reason: string, metadata: CommandMetadata): Promise<void> {
    for (const campaignId of campaignIds) {
      const command = { type: 'ReleaseRedemption' as const, data: { campaignId, reservationId: orderId, reason } };
      await this.runner
        .run(budgetStream(campaignId), budgetDecider, command, metadata, { context: () => Promise.resolve({ now: this.clock.now(), limits: {} }) })
        .catch((error: unknown) => this.logger.error(`could not release ${campaignId}/${orderId}: ${String(error)}`));
    }
  }

  private async budgetContext(campaignId: string, customerId: string): Promise<{ now: string; limits: object; customerRedemptions: number }> {
    const [snapshot, history] = await Promise.all([this.lookups.snapshot(campaignId), this.lookups.customer(customerId)]);
    if (!snapshot) throw new ProblemException(409, 'QUOTE_STALE', `Campaign ${campaignId} no longer exists; ask for a new quote.`);
    return { now: this.clock.now(), limits: snapshot.terms.limits, customerRedemptions: history.redemptionsByCampaign[campaignId] ?? 0 };
  }

  /** The versions in force now for what the quote relied on, plus automatic campaigns that started since. */
  private async currentVersions(quote: QuoteData | undefined): Promise<CurrentVersions> {
    if (!quote) return { priceVersions: {}, campaigns: {} };
    // one batched read for the registry and the prices, one for the campaigns
    const [registry, prices] = await Promise.all([this.lookups.registry(), this.lookups.prices(Object.keys(quote.priceVersions), this.clock.now())]);
    const campaignIds = new Set([...Object.keys(quote.campaignVersions), ...registry.automatic]);
    const snapshots = await Promise.all([...campaignIds].map((campaignId) => this.lookups.snapshot(campaignId)));
    return {
      priceVersions: Object.fromEntries(Object.entries(prices).map(([sku, entry]) => [sku, entry.version])),
      campaigns: Object.fromEntries(snapshots.flatMap((snapshot) => (snapshot ? [[snapshot.campaignId, { version: snapshot.version, status: snapshot.status }]] : []))),
    };
  }
}
