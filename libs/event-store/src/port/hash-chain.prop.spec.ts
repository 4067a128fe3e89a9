import fc from 'fast-check';
import type { JsonValue } from './event-store.port';
import { canonicalJson } from './hash-chain';

/**
 * The definition canonicalJson must keep, written the plain way (it was the implementation until the
 * one-pass rewrite): every stored hash depends on these exact bytes.
 */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((key) => record[key] !== undefined).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${reference(record[key])}`).join(',')}}`;
}

describe('canonicalJson', () => {
  it('gives the bytes of the plain definition, which parse back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const canonical = canonicalJson(value as JsonValue);
        expect(canonical).toBe(reference(value));
        expect(JSON.parse(canonical)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(JSON.parse(canonical) as JsonValue)).toBe(canonical);
      }),
      { numRuns: 500 },
    );
  });

  it('leaves out members whose value is undefined, and orders keys by code unit', () => {
    const value = { b: 1, a: undefined, 'é': [true, null, { z: 'x', y: undefined, Y: 2 }], A: '"quoted"' } as unknown as JsonValue;
    expect(canonicalJson(value)).toBe('{"A":"\\"quoted\\"","b":1,"é":[true,null,{"Y":2,"z":"x"}]}');
  });

  it('writes an empty object and an empty array as {} and []', () => {
    expect(canonicalJson({ a: {}, b: [] })).toBe('{"a":{},"b":[]}');
    expect(canonicalJson({ only: undefined } as unknown as JsonValue)).toBe('{}');
  });
});
