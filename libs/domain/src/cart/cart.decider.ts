import { accept, assertNever, reject, type Decider, type Decision } from '../decider';
import { CartRejections as R, type CartCommand, type CartContext } from './cart.commands';
import { attachCoupon, couponRejection, detachCoupon } from './cart-coupons.decide';
import { addItem, changeItemQuantity, openCart, removeItem, setShipping } from './cart-items.decide';
import { checkout, issueQuote } from './cart-quote.decide';
import type { CartEvent } from './cart.events';
import { evolveCart, initialCartState, type CartState } from './cart.state';

export function decideCart(command: CartCommand, state: CartState, context: CartContext): Decision<CartEvent> {
  if (command.type === 'OpenCart') return openCart(command, state, context);
  if (state.status === 'none') return reject(R.notFound, 'This cart does not exist; open a cart first.');
  if (state.status !== 'open') {
    const what = state.status === 'checked_out' ? 'checked out' : 'abandoned';
    return reject(R.notOpen, `This cart was ${what} and can no longer change; open a new cart.`, { status: state.status });
  }
  switch (command.type) {
    case 'AddItem':
      return addItem(command, state, context);
    case 'ChangeItemQuantity':
      return changeItemQuantity(command, state);
    case 'RemoveItem':
      return removeItem(command, state);
    case 'SetShipping':
      return setShipping(command, state);
    case 'AttachCoupon':
      return attachCoupon(command, state, context);
    case 'DetachCoupon':
      return detachCoupon(command, state);
    case 'IssueQuote':
      return issueQuote(state, context);
    case 'Checkout':
      return checkout(command, state, context);
    case 'AbandonCart':
      return accept({
        type: 'CartAbandoned',
        data: { ...(command.data.reason === undefined ? {} : { reason: command.data.reason }), abandonedAt: context.now },
      });
    default:
      return assertNever(command);
  }
}

export const cartDecider: Decider<CartCommand, CartEvent, CartState, CartContext> = {
  initialState: initialCartState,
  evolve: evolveCart,
  decide: decideCart,
  recordedRejection: (event) => (event.type === 'CouponRejected' ? couponRejection(event) : null),
};
