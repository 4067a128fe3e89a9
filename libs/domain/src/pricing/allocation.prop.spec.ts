import fc from 'fast-check';
import { allocate, money } from '../money';

/** money.allocate underlies every order-level discount: its parts must add up to the cent. */

const NUM_RUNS = 200;
const weightsArbitrary = fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 8 });

describe('allocate (properties)', () => {
  it('parts sum exactly to the total and none is negative', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), weightsArbitrary, (total, weights) => {
        const parts = allocate(money(total, 'USD'), weights);
        expect(parts).toHaveLength(weights.length);
        expect(parts.reduce((acc, part) => acc + part.amount, 0)).toBe(total);
        expect(parts.every((part) => part.amount >= 0 && part.currency === 'USD')).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('no part exceeds its weight when the total does not exceed the weights (a discount never exceeds its line)', () => {
    fc.assert(
      fc.property(weightsArbitrary.filter((weights) => weights.some((weight) => weight > 0)), fc.double({ min: 0, max: 1, noNaN: true }), (weights, share) => {
        const weightTotal = weights.reduce((acc, weight) => acc + weight, 0);
        const total = Math.floor(weightTotal * share);
        allocate(money(total, 'USD'), weights).forEach((part, index) => expect(part.amount).toBeLessThanOrEqual(weights[index]));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('each part is within one minor unit of its exact proportional share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), weightsArbitrary.filter((weights) => weights.some((weight) => weight > 0)), (total, weights) => {
        const weightTotal = weights.reduce((acc, weight) => acc + weight, 0);
        allocate(money(total, 'USD'), weights).forEach((part, index) => {
          const exactTimesWeightTotal = total * weights[index];
          expect(part.amount * weightTotal).toBeGreaterThanOrEqual(exactTimesWeightTotal - weightTotal);
          expect(part.amount * weightTotal).toBeLessThanOrEqual(exactTimesWeightTotal + weightTotal);
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
