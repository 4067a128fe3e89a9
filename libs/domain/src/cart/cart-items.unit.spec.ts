import { money } from '../money';
import { spec } from '../testing/decider-spec';
import { CART_ID, CUSTOMER_ID, DURING_SPRING, cartOpened, catalogue, itemAdded, priceBook, usd } from '../testing/fixtures';
import type { CartContext } from './cart.commands';
import { cartDecider } from './cart.decider';
import type { CartEvent } from './cart.events';

const now = DURING_SPRING;
const ctx: CartContext = { now, prices: priceBook };
const cart = spec(cartDecider);
const { jacket, dress } = catalogue;
const opened = cartOpened();

describe('cart items', () => {
  describe('OpenCart', () => {
    const open = { type: 'OpenCart' as const, data: { cartId: CART_ID, customerId: CUSTOMER_ID, currency: 'USD', channel: 'web' } };

    it('opens an empty cart for a customer in one currency', () => {
      cart.given([]).when(open, ctx).then([opened]);
    });

    it('rejects opening it twice with CART.ALREADY_EXISTS', () => {
      cart.given([opened]).when(open, ctx).thenRejects('CART.ALREADY_EXISTS');
    });

    it('rejects an unknown currency with CART.UNSUPPORTED_CURRENCY', () => {
      cart.given([]).when({ ...open, data: { ...open.data, currency: 'XXX' } }, ctx).thenRejects('CART.UNSUPPORTED_CURRENCY');
    });
  });

  describe('AddItem', () => {
    it('adds a line at the price book price and records its version', () => {
      cart.given([opened]).when({ type: 'AddItem', data: { sku: jacket.sku, quantity: 1 } }, ctx).then([itemAdded(jacket)]);
    });

    it('adds to the quantity of a sku already in the cart', () => {
      const given = cart.given([opened, itemAdded(dress, 2), itemAdded(dress, 3)]);
      expect(given.state.status !== 'none' && given.state.lines).toEqual([expect.objectContaining({ sku: dress.sku, quantity: 5 })]);
    });

    it('records a displayed price that differs from the price book', () => {
      const [event] = cart
        .given([opened])
        .when({ type: 'AddItem', data: { sku: jacket.sku, quantity: 1, displayedUnitPrice: usd(8900) } }, ctx)
        .then([{ ...itemAdded(jacket), data: { ...itemAdded(jacket).data, displayedUnitPrice: usd(8900), displayedPriceMismatch: true } }]);
      expect(event.type).toBe('ItemAdded');
    });

    it('rejects a sku the price book does not know with CART.UNKNOWN_SKU', () => {
      cart.given([opened]).when({ type: 'AddItem', data: { sku: 'NOPE', quantity: 1 } }, ctx).thenRejects('CART.UNKNOWN_SKU');
    });

    it.each([
      ['zero', 0, []],
      ['a fraction', 1.5, []],
      ['more than 999', 1000, []],
      ['a total above 999 for the line', 2, [itemAdded(dress, 998)]],
    ])('rejects %s with CART.INVALID_QUANTITY', (_label, quantity, before: CartEvent[]) => {
      cart.given([opened, ...before]).when({ type: 'AddItem', data: { sku: dress.sku, quantity } }, ctx).thenRejects('CART.INVALID_QUANTITY');
    });

    it('rejects a sku priced in another currency with CART.CURRENCY_MISMATCH', () => {
      const prices = { EUROS: { ...jacket, sku: 'EUROS', price: money(100, 'EUR') } };
      cart.given([opened]).when({ type: 'AddItem', data: { sku: 'EUROS', quantity: 1 } }, { now, prices }).thenRejects('CART.CURRENCY_MISMATCH');
    });

    it('rejects a cart that was never opened with CART.NOT_FOUND', () => {
      cart.given([]).when({ type: 'AddItem', data: { sku: jacket.sku, quantity: 1 } }, ctx).thenRejects('CART.NOT_FOUND');
    });
  });

  describe('ChangeItemQuantity and RemoveItem', () => {
    const withDress = [opened, itemAdded(dress, 2)];

    it('sets the new quantity', () => {
      cart
        .given(withDress)
        .when({ type: 'ChangeItemQuantity', data: { sku: dress.sku, quantity: 4 } }, ctx)
        .then([{ type: 'ItemQuantityChanged', data: { sku: dress.sku, quantity: 4, previousQuantity: 2 } }]);
    });

    it('removes the line when the quantity becomes 0, and does nothing when it is unchanged', () => {
      cart.given(withDress).when({ type: 'ChangeItemQuantity', data: { sku: dress.sku, quantity: 0 } }, ctx).then([{ type: 'ItemRemoved', data: { sku: dress.sku } }]);
      cart.given(withDress).when({ type: 'ChangeItemQuantity', data: { sku: dress.sku, quantity: 2 } }, ctx).then([]);
    });

    it('rejects a negative quantity with CART.INVALID_QUANTITY', () => {
      cart.given(withDress).when({ type: 'ChangeItemQuantity', data: { sku: dress.sku, quantity: -1 } }, ctx).thenRejects('CART.INVALID_QUANTITY');
    });

    it('removes a line', () => {
      cart.given(withDress).when({ type: 'RemoveItem', data: { sku: dress.sku } }, ctx).then([{ type: 'ItemRemoved', data: { sku: dress.sku } }]);
    });

    it('rejects a sku not in the cart with CART.ITEM_NOT_FOUND', () => {
      cart.given(withDress).when({ type: 'RemoveItem', data: { sku: jacket.sku } }, ctx).thenRejects('CART.ITEM_NOT_FOUND');
      cart.given(withDress).when({ type: 'ChangeItemQuantity', data: { sku: jacket.sku, quantity: 1 } }, ctx).thenRejects('CART.ITEM_NOT_FOUND');
    });
  });

  describe('SetShipping', () => {
    it('sets the shipping amount', () => {
      cart.given([opened]).when({ type: 'SetShipping', data: { amount: usd(599) } }, ctx).then([{ type: 'ShippingSet', data: { amount: usd(599) } }]);
    });

    it('rejects a negative amount with CART.INVALID_SHIPPING', () => {
      cart.given([opened]).when({ type: 'SetShipping', data: { amount: usd(-1) } }, ctx).thenRejects('CART.INVALID_SHIPPING');
    });

    it('rejects another currency with CART.CURRENCY_MISMATCH', () => {
      cart.given([opened]).when({ type: 'SetShipping', data: { amount: money(500, 'EUR') } }, ctx).thenRejects('CART.CURRENCY_MISMATCH');
    });
  });

  describe('AbandonCart', () => {
    const abandoned: CartEvent = { type: 'CartAbandoned', data: { reason: 'idle for 24h', abandonedAt: now } };

    it('abandons an open cart', () => {
      cart.given([opened]).when({ type: 'AbandonCart', data: { reason: 'idle for 24h' } }, ctx).then([abandoned]);
    });

    it('rejects every command on an abandoned cart with CART_NOT_OPEN', () => {
      cart.given([opened, abandoned]).when({ type: 'AddItem', data: { sku: jacket.sku, quantity: 1 } }, ctx).thenRejects('CART_NOT_OPEN');
      cart.given([opened, abandoned]).when({ type: 'AbandonCart', data: {} }, ctx).thenRejects('CART_NOT_OPEN');
    });
  });
});
