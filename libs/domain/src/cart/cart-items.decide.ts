import { accept, reject, type Decision } from '../decider';
import { equals, isSupportedCurrency } from '../money';
import {
  CartRejections as R,
  MAX_LINE_QUANTITY,
  type AddItem,
  type CartContext,
  type ChangeItemQuantity,
  type OpenCart,
  type RemoveItem,
  type SetShipping,
} from './cart.commands';
import type { CartEvent } from './cart.events';
import { findLine, type CartState, type ExistingCart } from './cart.state';

type CartDecision = Decision<CartEvent>;

export function openCart({ data }: OpenCart, state: CartState, { now }: CartContext): CartDecision {
  if (state.status !== 'none') return reject(R.alreadyExists, `Cart ${data.cartId} already exists; open a cart with another id.`);
  if (!isSupportedCurrency(data.currency)) {
    return reject(R.unsupportedCurrency, `${data.currency} is not a supported currency; open the cart in an ISO 4217 currency such as USD.`);
  }
  return accept({
    type: 'CartOpened',
    data: {
      cartId: data.cartId,
      customerId: data.customerId,
      currency: data.currency,
      channel: data.channel ?? null,
      customerTags: data.customerTags ?? [],
      openedAt: now,
    },
  });
}

export function addItem({ data }: AddItem, cart: ExistingCart, context: CartContext): CartDecision {
  const { sku, quantity, displayedUnitPrice } = data;
  const entry = context.prices?.[sku];
  if (entry === undefined) return reject(R.unknownSku, `${sku} is not in the price book; check the sku or publish its price first.`, { sku });
  if (entry.price.currency !== cart.currency || (displayedUnitPrice !== undefined && displayedUnitPrice.currency !== cart.currency)) {
    return currencyMismatch(cart, `${sku} is priced in ${entry.price.currency}`);
  }
  const already = findLine(cart, sku)?.quantity ?? 0;
  const invalid = quantityProblem(quantity, 1, already);
  if (invalid) return invalid;
  const displayed = displayedUnitPrice === undefined ? {} : { displayedUnitPrice, displayedPriceMismatch: !equals(displayedUnitPrice, entry.price) };
  return accept({
    type: 'ItemAdded',
    data: { sku, category: entry.category, quantity, unitPrice: entry.price, priceVersion: entry.version, ...displayed },
  });
}

export function changeItemQuantity({ data }: ChangeItemQuantity, cart: ExistingCart): CartDecision {
  const { sku, quantity } = data;
  const line = findLine(cart, sku);
  if (line === undefined) return itemNotFound(sku);
  const invalid = quantityProblem(quantity, 0, 0);
  if (invalid) return invalid;
  if (quantity === 0) return accept({ type: 'ItemRemoved', data: { sku } });
  if (quantity === line.quantity) return accept();
  return accept({ type: 'ItemQuantityChanged', data: { sku, quantity, previousQuantity: line.quantity } });
}

export function removeItem({ data }: RemoveItem, cart: ExistingCart): CartDecision {
  if (findLine(cart, data.sku) === undefined) return itemNotFound(data.sku);
  return accept({ type: 'ItemRemoved', data: { sku: data.sku } });
}

export function setShipping({ data }: SetShipping, cart: ExistingCart): CartDecision {
  const { amount } = data;
  if (amount.currency !== cart.currency) return currencyMismatch(cart, `the shipping is in ${amount.currency}`);
  if (!Number.isSafeInteger(amount.amount) || amount.amount < 0) {
    return reject(R.invalidShipping, `Give shipping as a whole, non-negative number of minor units (got ${amount.amount}).`);
  }
  if (equals(amount, cart.shipping)) return accept();
  return accept({ type: 'ShippingSet', data: { amount } });
}

function quantityProblem(quantity: number, least: number, alreadyInCart: number): CartDecision | null {
  if (Number.isSafeInteger(quantity) && quantity >= least && alreadyInCart + quantity <= MAX_LINE_QUANTITY) return null;
  const room = MAX_LINE_QUANTITY - alreadyInCart;
  return reject(R.invalidQuantity, `Choose a whole quantity from ${least} to ${room}${alreadyInCart > 0 ? ` (${alreadyInCart} already in the cart)` : ''}.`, {
    quantity,
    max: MAX_LINE_QUANTITY,
  });
}

function itemNotFound(sku: string): CartDecision {
  return reject(R.itemNotFound, `${sku} is not in the cart; refresh the cart and try again.`, { sku });
}

function currencyMismatch(cart: ExistingCart, what: string): CartDecision {
  return reject(R.currencyMismatch, `This cart is in ${cart.currency} but ${what}; use ${cart.currency} amounts.`);
}
