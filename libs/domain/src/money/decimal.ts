import { isSupportedCurrency, minorUnitExponent, type CurrencyCode } from './currency';
import { money, type Money } from './money';

/** An amount read from text: the money, or a sentence saying what is wrong with the text and how to write it. */
export type ParsedAmount = { readonly money: Money } | { readonly problem: string };

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * `"129.00"` in USD → 12900 minor units, `"1500"` in JPY → 1500, `"1.250"` in KWD → 1250. Exact: the
 * digits are joined as a string and read as an integer, never through a float. More decimals than
 * the currency has is refused rather than rounded, since a price list with 129.005 is a mistake.
 */
export function parseDecimalAmount(text: string, currency: CurrencyCode): ParsedAmount {
  if (!isSupportedCurrency(currency)) return { problem: `${currency} is not a supported currency; use an ISO 4217 code such as USD` };
  const exponent = minorUnitExponent(currency);
  const example = exponent === 0 ? '1500' : `129.${'0'.repeat(exponent)}`;
  const match = DECIMAL.exec(text.trim());
  if (match === null) return { problem: `"${text}" is not a decimal amount; write digits with a dot before the ${currency} minor units, like ${example}` };
  const [, sign, units, fraction = ''] = match;
  if (fraction.length > exponent) {
    const allowed = exponent === 0 ? `${currency} has no minor unit; write a whole number` : `${currency} has ${exponent}; round it to ${exponent}`;
    return { problem: `"${text}" has ${fraction.length} decimal${fraction.length === 1 ? '' : 's'}, ${allowed}, like ${example}` };
  }
  const minor = BigInt(`${units}${fraction.padEnd(exponent, '0')}`);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { problem: `"${text}" is too large to be an amount of ${currency}` };
  const amount = Number(minor);
  return { money: money(sign === '-' && amount !== 0 ? -amount : amount, currency) };
}
