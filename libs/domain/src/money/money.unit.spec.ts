import { allocate, formatMoney, money, percentOf, add, CurrencyMismatchError } from './money';

describe('money', () => {
  it('formats with the currency exponent', () => {
    expect(formatMoney(money(12900, 'USD'))).toBe('129.00 USD');
    expect(formatMoney(money(1500, 'JPY'))).toBe('1500 JPY');
    expect(formatMoney(money(1250, 'KWD'))).toBe('1.250 KWD');
    expect(formatMoney(money(5, 'USD'))).toBe('0.05 USD');
    expect(formatMoney(money(-4000, 'USD'))).toBe('−40.00 USD');
  });

  it('refuses to mix currencies', () => {
    expect(() => add(money(1, 'USD'), money(1, 'EUR'))).toThrow(CurrencyMismatchError);
  });

  it('refuses fractional minor units and unknown currencies', () => {
    expect(() => money(1.5, 'USD')).toThrow(RangeError);
    expect(() => money(1, 'XXX')).toThrow(RangeError);
  });

  it('rounds percentages half-up to the minor unit', () => {
    // 15 % of 29.97 = 4.4955 → 4.50
    expect(percentOf(money(2997, 'USD'), 15).amount).toBe(450);
    // 12.5 % of 0.04 = 0.005 → 0.01
    expect(percentOf(money(4, 'USD'), 12.5).amount).toBe(1);
  });

  it('allocates by largest remainder, ties to the earlier part', () => {
    expect(allocate(money(1000, 'USD'), [333, 333, 334]).map((m) => m.amount)).toEqual([333, 333, 334]);
    expect(allocate(money(100, 'USD'), [1, 1, 1]).map((m) => m.amount)).toEqual([34, 33, 33]);
    expect(allocate(money(0, 'USD'), [5, 5]).map((m) => m.amount)).toEqual([0, 0]);
  });
});
