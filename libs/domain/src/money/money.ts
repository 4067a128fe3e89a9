import { minorUnitExponent, type CurrencyCode } from './currency';

/** An amount in integer minor units (cents for USD, yen for JPY, fils for KWD) of one currency. */
export interface Money {
  readonly amount: number;
  readonly currency: CurrencyCode;
}

export class CurrencyMismatchError extends Error {
  constructor(left: CurrencyCode, right: CurrencyCode) {
    super(`cannot combine ${left} with ${right}`);
    this.name = 'CurrencyMismatchError';
  }
}

export function money(amount: number, currency: CurrencyCode): Money {
  if (!Number.isSafeInteger(amount)) {
    throw new RangeError(`money amount must be a safe integer of minor units, got ${amount}`);
  }
  minorUnitExponent(currency);
  return { amount, currency };
}

export function zero(currency: CurrencyCode): Money {
  return money(0, currency);
}

function sameCurrency(left: Money, right: Money): void {
  if (left.currency !== right.currency) throw new CurrencyMismatchError(left.currency, right.currency);
}

export function add(left: Money, right: Money): Money {
  sameCurrency(left, right);
  return money(left.amount + right.amount, left.currency);
}

export function subtract(left: Money, right: Money): Money {
  sameCurrency(left, right);
  return money(left.amount - right.amount, left.currency);
}

export function sum(amounts: readonly Money[], currency: CurrencyCode): Money {
  return amounts.reduce(add, zero(currency));
}

export function multiply(value: Money, factor: number): Money {
  if (!Number.isSafeInteger(factor)) throw new RangeError(`factor must be an integer, got ${factor}`);
  return money(value.amount * factor, value.currency);
}

/** -1, 0 or 1. */
export function compare(left: Money, right: Money): number {
  sameCurrency(left, right);
  return Math.sign(left.amount - right.amount);
}

export function min(left: Money, right: Money): Money {
  return compare(left, right) <= 0 ? left : right;
}

export function max(left: Money, right: Money): Money {
  return compare(left, right) >= 0 ? left : right;
}

export function isZero(value: Money): boolean {
  return value.amount === 0;
}

export function isNegative(value: Money): boolean {
  return value.amount < 0;
}

export function equals(left: Money, right: Money): boolean {
  return left.currency === right.currency && left.amount === right.amount;
}

export function negate(value: Money): Money {
  return money(-value.amount, value.currency);
}

/**
 * `percent` of `base`, rounded half-up to the minor unit. The percent may carry up to two decimals
 * (12.5 %); it is turned into integer basis points so that no float ever touches the amount.
 */
export function percentOf(base: Money, percent: number): Money {
  const basisPoints = Math.round(percent * 100);
  if (Math.abs(basisPoints - percent * 100) > 1e-9) {
    throw new RangeError(`percent may have at most two decimals, got ${percent}`);
  }
  const scaled = BigInt(base.amount) * BigInt(basisPoints);
  const magnitude = scaled < 0n ? -scaled : scaled;
  const rounded = (magnitude * 2n + 10000n) / 20000n;
  return money(Number(scaled < 0n ? -rounded : rounded), base.currency);
}

/**
 * Splits `total` across `weights` in proportion, by the largest-remainder method in minor units:
 * each part gets the floor of its exact share, then the leftover units go one each to the largest
 * remainders, equal remainders to the earlier weight. Parts always sum exactly to `total`.
 * Weights must be non-negative; `total` must be non-negative. All-zero weights split evenly.
 */
export function allocate(total: Money, weights: readonly number[]): Money[] {
  if (total.amount < 0) throw new RangeError('cannot allocate a negative amount');
  if (weights.length === 0) {
    if (total.amount === 0) return [];
    throw new RangeError('cannot allocate a non-zero amount over no weights');
  }
  if (weights.some((weight) => !Number.isSafeInteger(weight) || weight < 0)) {
    throw new RangeError('allocation weights must be non-negative integers');
  }
  const effective = weights.every((weight) => weight === 0) ? weights.map(() => 1) : weights;
  const weightTotal = effective.reduce((acc, weight) => acc + BigInt(weight), 0n);
  const amount = BigInt(total.amount);
  const floors = effective.map((weight) => (amount * BigInt(weight)) / weightTotal);
  const remainders = effective.map((weight, index) => ({
    index,
    remainder: (amount * BigInt(weight)) % weightTotal,
  }));
  let leftover = Number(amount - floors.reduce((acc, part) => acc + part, 0n));
  const order = [...remainders].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  const parts = floors.map((part) => Number(part));
  for (const { index } of order) {
    if (leftover === 0) break;
    parts[index] += 1;
    leftover -= 1;
  }
  return parts.map((part) => money(part, total.currency));
}

/** `129.00 USD`, `1500 JPY`, `1.250 KWD`; negative amounts carry a leading minus sign (−). */
export function formatMoney(value: Money): string {
  const exponent = minorUnitExponent(value.currency);
  const magnitude = Math.abs(value.amount).toString();
  const sign = value.amount < 0 ? '−' : '';
  if (exponent === 0) return `${sign}${magnitude} ${value.currency}`;
  const padded = magnitude.padStart(exponent + 1, '0');
  const units = padded.slice(0, padded.length - exponent);
  const fraction = padded.slice(padded.length - exponent);
  return `${sign}${units}.${fraction} ${value.currency}`;
}
