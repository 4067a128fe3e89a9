import { AggregateCache } from './aggregate-cache';

describe('AggregateCache', () => {
  const fold = (): void => undefined;
  const otherFold = (): void => undefined;

  it('returns what was folded, with its version, to the same fold only', () => {
    const cache = new AggregateCache();
    cache.set('cart-1', { state: { lines: 1 }, version: 3n, foldedBy: fold });
    expect(cache.get('cart-1', fold)).toEqual({ state: { lines: 1 }, version: 3n, foldedBy: fold });
    expect(cache.get('cart-1', otherFold)).toBeUndefined();
    expect(cache.get('cart-2', fold)).toBeUndefined();
  });

  it('never rolls a stream back to an older fold', () => {
    const cache = new AggregateCache();
    cache.set('budget-x', { state: 'at 9', version: 9n, foldedBy: fold });
    cache.set('budget-x', { state: 'at 4', version: 4n, foldedBy: fold });
    expect(cache.get('budget-x', fold)?.version).toBe(9n);
  });

  it('evicts the least recently used stream when full', () => {
    const cache = new AggregateCache(2);
    cache.set('a', { state: 'a', version: 0n, foldedBy: fold });
    cache.set('b', { state: 'b', version: 0n, foldedBy: fold });
    cache.get('a', fold); // a is now more recent than b
    cache.set('c', { state: 'c', version: 0n, foldedBy: fold });
    expect(cache.get('b', fold)).toBeUndefined();
    expect(cache.get('a', fold)).toBeDefined();
    expect(cache.size).toBe(2);
  });
});
