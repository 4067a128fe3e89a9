import { fold } from '../decider';
import { spec } from '../testing/decider-spec';
import {
  DURING_SPRING,
  LATER_DURING_SPRING,
  SPRING40_ID,
  cartOpened,
  catalogue,
  firstTimeCustomer,
  itemAdded,
  priceBook,
  spring40Attached,
  spring40Snapshot,
  usd,
} from '../testing/fixtures';
import type { CartContext, Checkout, CurrentVersions } from './cart.commands';
import { cartDecider } from './cart.decider';
import type { CartEvent, QuoteIssued } from './cart.events';

const cart = spec(cartDecider);
const { jacket, mug, dress } = catalogue;
const opened = cartOpened();
const validUntil = '2026-03-20T12:15:00Z';
const quoteCtx: CartContext = {
  now: DURING_SPRING,
  prices: priceBook,
  campaigns: [spring40Snapshot()],
  customer: firstTimeCustomer,
  quoteId: 'q-1',
  validUntil,
};
const quoteCommand = { type: 'IssueQuote' as const, data: {} };
const shopping: CartEvent[] = [opened, itemAdded(jacket), itemAdded(mug), spring40Attached()];

function quoted(events: readonly CartEvent[] = shopping, context: CartContext = quoteCtx): QuoteIssued {
  const [event] = cart.given(events).when(quoteCommand, context).decision.events;
  if (event?.type !== 'QuoteIssued') throw new Error('expected a quote');
  return event;
}

describe('cart quote and checkout', () => {
  describe('IssueQuote', () => {
    it('prices SPRING40 on a 129.00 USD jacket and a 20.00 USD mug: 149.00 − 40.00 = 109.00 USD', () => {
      const quote = quoted();
      expect(quote.data).toMatchObject({
        quoteId: 'q-1',
        subtotal: usd(14900),
        total: usd(10900),
        validUntil,
        issuedAt: DURING_SPRING,
        priceVersions: { [jacket.sku]: 3, [mug.sku]: 1 },
        campaignVersions: { [SPRING40_ID]: 1 },
        cartVersion: 3,
      });
      expect(quote.data.discounts).toEqual([expect.objectContaining({ campaignId: SPRING40_ID, amount: usd(4000) })]);
    });

    it('prices at the current price book, not the price when the item was added', () => {
      const cheaper = { ...priceBook, [jacket.sku]: { ...jacket, price: usd(9900), version: 4 } };
      const quote = quoted(shopping, { ...quoteCtx, prices: cheaper });
      expect(quote.data).toMatchObject({ subtotal: usd(11900), total: usd(11900), priceVersions: { [jacket.sku]: 4 } });
      expect(quote.data.coupons).toEqual([expect.objectContaining({ status: 'not_eligible', reason: 'MIN_SUBTOTAL_NOT_MET' })]);
    });

    it('applies a not-yet-eligible coupon by itself once the cart qualifies', () => {
      const events: CartEvent[] = [opened, itemAdded(dress), spring40Attached('not_eligible'), itemAdded(dress)];
      const quote = quoted(events);
      expect(quote.data.total).toEqual(usd(8900 * 2 - 4000));
      const state = fold(cartDecider, [...events, quote]);
      expect(state.status !== 'none' && state.coupons).toEqual([expect.objectContaining({ status: 'applied', reason: null })]);
    });

    it('rejects an empty cart with CART.EMPTY', () => {
      cart.given([opened]).when(quoteCommand, quoteCtx).thenRejects('CART.EMPTY');
    });

    it('rejects a line whose sku lost its price with CART.UNKNOWN_SKU', () => {
      const withoutMug = Object.fromEntries(Object.entries(priceBook).filter(([sku]) => sku !== mug.sku));
      cart.given(shopping).when(quoteCommand, { ...quoteCtx, prices: withoutMug }).thenRejects('CART.UNKNOWN_SKU');
    });
  });

  describe('Checkout', () => {
    const quote = quoted();
    const asQuoted: CurrentVersions = {
      priceVersions: { [jacket.sku]: 3, [mug.sku]: 1 },
      campaigns: { [SPRING40_ID]: { version: 1, status: 'active' } },
    };
    const checkoutCommand = { type: 'Checkout' as const, data: { quoteId: 'q-1', orderId: 'order-1' } };
    const checkoutCtx: CartContext = { now: LATER_DURING_SPRING, current: asQuoted };

    it('checks out on a quote that still holds', () => {
      cart
        .given([...shopping, quote])
        .when(checkoutCommand, checkoutCtx)
        .then([{ type: 'CartCheckedOut', data: { orderId: 'order-1', quoteId: 'q-1', checkedOutAt: LATER_DURING_SPRING } }]);
    });

    it.each<[string, CartEvent[], Partial<CartContext>, Partial<Checkout['data']>]>([
      ['the quote is unknown', [], {}, { quoteId: 'q-404' }],
      ['the quote expired', [], { now: '2026-03-20T12:15:01Z' }, {}],
      ['the cart changed since', [itemAdded(mug)], {}, {}],
      ['a price changed', [], { current: { ...asQuoted, priceVersions: { ...asQuoted.priceVersions, [mug.sku]: 2 } } }, {}],
      ['the campaign terms were revised', [], { current: { ...asQuoted, campaigns: { [SPRING40_ID]: { version: 2, status: 'active' } } } }, {}],
      ['the quoted campaign was paused', [], { current: { ...asQuoted, campaigns: { [SPRING40_ID]: { version: 1, status: 'paused' } } } }, {}],
      ['a new automatic campaign started', [], { current: { ...asQuoted, campaigns: { ...asQuoted.campaigns, auto10: { version: 1, status: 'active' } } } }, {}],
    ])('rejects with QUOTE_STALE (409) when %s', (_label, after, context, command) => {
      const rejection = cart
        .given([...shopping, quote, ...after])
        .when({ ...checkoutCommand, data: { ...checkoutCommand.data, ...command } }, { ...checkoutCtx, ...context })
        .thenRejects('QUOTE_STALE');
      expect(rejection.details?.reasons).toHaveLength(1);
    });

    it('rejects a second checkout with CART_NOT_OPEN', () => {
      const checkedOut: CartEvent = { type: 'CartCheckedOut', data: { orderId: 'order-1', quoteId: 'q-1', checkedOutAt: LATER_DURING_SPRING } };
      cart.given([...shopping, quote, checkedOut]).when(checkoutCommand, checkoutCtx).thenRejects('CART_NOT_OPEN');
    });
  });
});
