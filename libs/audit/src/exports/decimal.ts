import { minorUnitExponent, type Money } from '@promo-ledger/domain';

/** `129.00`, `-40.00`, `1500` (JPY): minor units as a decimal string in the currency's exponent, ASCII sign for spreadsheets. */
export function decimalAmount(value: Money): string {
  const exponent = minorUnitExponent(value.currency);
  const magnitude = Math.abs(value.amount).toString().padStart(exponent + 1, '0');
  const sign = value.amount < 0 ? '-' : '';
  if (exponent === 0) return `${sign}${magnitude}`;
  return `${sign}${magnitude.slice(0, magnitude.length - exponent)}.${magnitude.slice(magnitude.length - exponent)}`;
}
