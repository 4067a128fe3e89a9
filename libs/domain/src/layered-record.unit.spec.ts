import { emptyLayered, entriesOf, layeredFrom, lookup, withEntry } from './layered-record';

describe('LayeredRecord', () => {
  it('reads what was set, the latest value per key, across merges of the recent layer', () => {
    let record = emptyLayered<number>();
    for (let n = 0; n < 300; n += 1) record = withEntry(record, `k${n % 150}`, n);
    expect(lookup(record, 'k0')).toBe(150);
    expect(lookup(record, 'k149')).toBe(299);
    expect(lookup(record, 'k150')).toBeUndefined();
    expect(entriesOf(record)).toHaveLength(150);
    expect(Object.fromEntries(entriesOf(record))).toEqual(Object.fromEntries(Array.from({ length: 150 }, (_, n) => [`k${n}`, n + 150])));
  });

  it('never changes an older state: each keeps what it had when it was made', () => {
    const states = [emptyLayered<string>()];
    for (let n = 0; n < 200; n += 1) states.push(withEntry(states[n], 'same', `v${n}`));
    states.forEach((state, index) => expect(lookup(state, 'same')).toBe(index === 0 ? undefined : `v${index - 1}`));
  });

  it('treats keys as data: a key named like an Object property is an ordinary key', () => {
    const record = withEntry(layeredFrom<number>({ toString: 1 }), '__proto__', 2);
    expect(lookup(record, 'toString')).toBe(1);
    expect(lookup(record, '__proto__')).toBe(2);
    expect(lookup(record, 'hasOwnProperty')).toBeUndefined();
  });
});
