import { emptyMap, entriesOf, lookup, mapFrom, withEntry } from './persistent-map';

describe('PersistentMap', () => {
  it('reads what was set, the latest value per key', () => {
    let map = emptyMap<number>();
    for (let n = 0; n < 300; n += 1) map = withEntry(map, `k${n % 150}`, n);
    expect(lookup(map, 'k0')).toBe(150);
    expect(lookup(map, 'k149')).toBe(299);
    expect(lookup(map, 'k150')).toBeUndefined();
    expect(Object.fromEntries(entriesOf(map))).toEqual(Object.fromEntries(Array.from({ length: 150 }, (_, n) => [`k${n}`, n + 150])));
  });

  it('never changes an older map: each keeps what it had when it was made', () => {
    const maps = [emptyMap<string>()];
    for (let n = 0; n < 200; n += 1) maps.push(withEntry(maps[n], 'same', `v${n}`));
    maps.forEach((map, index) => expect(lookup(map, 'same')).toBe(index === 0 ? undefined : `v${index - 1}`));
  });

  it('treats keys as data: a key named like an Object property is an ordinary key', () => {
    const map = withEntry(mapFrom<number>({ toString: 1 }), '__proto__', 2);
    expect(lookup(map, 'toString')).toBe(1);
    expect(lookup(map, '__proto__')).toBe(2);
    expect(lookup(map, 'hasOwnProperty')).toBeUndefined();
  });
});
