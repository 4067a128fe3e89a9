/**
 * ISO 4217 minor-unit exponents. A currency missing here is refused rather than guessed, because a
 * wrong exponent silently scales every amount by a power of ten.
 */
const MINOR_UNIT_EXPONENTS: Readonly<Record<string, number>> = {
  AED: 2, AUD: 2, BHD: 3, BRL: 2, CAD: 2, CHF: 2, CLP: 0, CNY: 2, CZK: 2, DKK: 2, EUR: 2, GBP: 2,
  HKD: 2, HUF: 2, IDR: 2, ILS: 2, INR: 2, ISK: 0, JOD: 3, JPY: 0, KRW: 0, KWD: 3, MXN: 2, MYR: 2,
  NOK: 2, NZD: 2, OMR: 3, PHP: 2, PLN: 2, RON: 2, SAR: 2, SEK: 2, SGD: 2, THB: 2, TND: 3, TRY: 2,
  TWD: 2, UAH: 2, USD: 2, VND: 0, ZAR: 2,
};

export type CurrencyCode = string;

export function isSupportedCurrency(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(MINOR_UNIT_EXPONENTS, code);
}

export function minorUnitExponent(code: CurrencyCode): number {
  const exponent = MINOR_UNIT_EXPONENTS[code];
  if (exponent === undefined) throw new RangeError(`unsupported currency ${code}`);
  return exponent;
}

export function supportedCurrencies(): readonly CurrencyCode[] {
  return Object.keys(MINOR_UNIT_EXPONENTS);
}
