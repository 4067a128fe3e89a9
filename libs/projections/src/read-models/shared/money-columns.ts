import { add, type Money } from '@promo-ledger/domain';
import { toInteger } from '../../engine/sql-values';

/** Money as the HTTP contract shows it, from an amount column (bigint, string or number by driver) and a currency column. */
export function moneyFromColumns(amount: unknown, currency: unknown): Money {
  if (typeof currency !== 'string') throw new TypeError(`not a currency from SQL: ${String(currency)}`);
  return { amount: toInteger(amount), currency };
}

export function moneyOrNullFromColumns(amount: unknown, currency: unknown): Money | null {
  return amount === null || amount === undefined || currency === null ? null : moneyFromColumns(amount, currency);
}

/** Amounts summed per currency in minor units, as a list sorted by currency (the shape totals take). */
export function moneyPerCurrency(rows: readonly { readonly currency: unknown; readonly amount: unknown }[]): Money[] {
  const totals = new Map<string, Money>();
  for (const row of rows) {
    const money = moneyFromColumns(row.amount, row.currency);
    const before = totals.get(money.currency);
    totals.set(money.currency, before === undefined ? money : add(before, money));
  }
  return [...totals.values()].sort((left, right) => left.currency.localeCompare(right.currency));
}
