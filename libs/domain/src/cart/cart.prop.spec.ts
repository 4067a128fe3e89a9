import fc from 'fast-check';
import { frozenFold } from '../testing/deep-freeze';
import {
  DURING_SPRING,
  SPRING40_CODE,
  SPRING40_ID,
  cartOpened,
  catalogue,
  firstTimeCustomer,
  priceBook,
  spring40Snapshot,
  usd,
} from '../testing/fixtures';
import type { CartCommand, CartContext } from './cart.commands';
import { cartDecider } from './cart.decider';
import type { CartEvent } from './cart.events';

const skus = Object.values(catalogue).map((entry) => entry.sku);
const context: CartContext = {
  now: DURING_SPRING,
  prices: priceBook,
  campaigns: [spring40Snapshot()],
  customer: firstTimeCustomer,
  attachedCode: { code: SPRING40_CODE, campaignId: SPRING40_ID },
  quoteId: 'q',
  validUntil: '2026-03-20T12:15:00Z',
};

const command: fc.Arbitrary<CartCommand> = fc.oneof(
  fc.record({ type: fc.constant('AddItem' as const), data: fc.record({ sku: fc.constantFrom(...skus), quantity: fc.integer({ min: 1, max: 5 }) }) }),
  fc.record({ type: fc.constant('ChangeItemQuantity' as const), data: fc.record({ sku: fc.constantFrom(...skus), quantity: fc.integer({ min: 0, max: 5 }) }) }),
  fc.record({ type: fc.constant('RemoveItem' as const), data: fc.record({ sku: fc.constantFrom(...skus) }) }),
  fc.record({ type: fc.constant('SetShipping' as const), data: fc.record({ amount: fc.integer({ min: 0, max: 1500 }).map(usd) }) }),
  fc.constant<CartCommand>({ type: 'AttachCoupon', data: { code: SPRING40_CODE } }),
  fc.constant<CartCommand>({ type: 'DetachCoupon', data: { code: SPRING40_CODE } }),
  fc.constant<CartCommand>({ type: 'IssueQuote', data: {} }),
);

/** Decides each command on the state so far and keeps every event, as a handler would append them. */
function history(commands: readonly CartCommand[]): CartEvent[] {
  const events: CartEvent[] = [cartOpened()];
  let state = cartDecider.evolve(cartDecider.initialState(), events[0]);
  for (const next of commands) {
    for (const event of cartDecider.decide(next, state, context).events) {
      events.push(event);
      state = cartDecider.evolve(state, event);
    }
  }
  return events;
}

describe('cart properties', () => {
  it('folds the same events to the same state twice, mutating neither events nor states', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 30 }), (commands) => {
        const events = history(commands);
        const before = structuredClone(events);
        expect(frozenFold(cartDecider, events)).toEqual(frozenFold(cartDecider, events));
        expect(events).toEqual(before);
      }),
    );
  });

  it('keeps every line between 1 and 999 units and each sku on one line', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 30 }), (commands) => {
        const state = frozenFold(cartDecider, history(commands));
        if (state.status === 'none') throw new Error('cart was opened');
        expect(new Set(state.lines.map((line) => line.sku)).size).toBe(state.lines.length);
        for (const line of state.lines) {
          expect(line.quantity).toBeGreaterThanOrEqual(1);
          expect(line.quantity).toBeLessThanOrEqual(999);
        }
      }),
    );
  });
});
