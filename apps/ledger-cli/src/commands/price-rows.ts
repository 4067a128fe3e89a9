import { type Money, parseDecimalAmount, priceDecider, type PriceState, type SetPrice } from '@promo-ledger/domain';
import { isISO8601 } from 'class-validator';
import { parse } from 'csv-parse/sync';
import { SKU, SKU_RULE } from '../../../ledger-api/src/prices/price.request.dto';

/** One line of a price list, as PUT /v1/prices/:sku and POST /v1/prices/batch take it. */
export interface PriceRow {
  readonly line: number;
  readonly sku: string;
  readonly price: Money;
  readonly category: string;
  readonly effectiveAt?: string;
  readonly reason?: string;
}

/** What is wrong with one cell (or a whole line: column "-"), and what to do about it. */
export interface RowProblem {
  readonly line: number;
  readonly column: string;
  readonly problem: string;
}

const REQUIRED = ['sku', 'amount', 'currency', 'category'] as const;
const OPTIONAL = ['effectiveAt', 'reason'] as const;
type Column = (typeof REQUIRED)[number] | (typeof OPTIONAL)[number];

/**
 * Reads `sku,amount,currency,category[,effectiveAt][,reason]` (header first, in any order) and checks
 * every row with the rules the ledger applies, so that a bad file is reported whole, line by line,
 * before anything is sent. Line numbers are the file's (the header is line 1).
 */
export function readPriceRows(text: string): { rows: PriceRow[]; problems: RowProblem[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { info: true, bom: true, trim: true, skip_empty_lines: true, relax_column_count: true }) as unknown as typeof records;
  } catch (error) {
    const { lines, message } = error as { lines?: number; message: string };
    return { rows: [], problems: [{ line: lines ?? 1, column: '-', problem: `not readable as CSV (${message}); fix the quoting on that line` }] };
  }
  const [header, ...body] = records;
  if (header === undefined) return { rows: [], problems: [{ line: 1, column: '-', problem: `the file is empty; start it with the header ${[...REQUIRED].join(',')}` }] };
  const columns = headerColumns(header.record);
  if ('problems' in columns) return { rows: [], problems: columns.problems };
  const rows: PriceRow[] = [];
  const problems: RowProblem[] = [];
  for (const { record, info } of body) {
    const checked = checkRow(record, columns.index, info.lines);
    if ('row' in checked) rows.push(checked.row);
    else problems.push(...checked.problems);
  }
  if (body.length === 0) problems.push({ line: 2, column: '-', problem: 'the file has a header but no prices; add one line per price' });
  return { rows, problems };
}

function headerColumns(names: readonly string[]): { index: Map<Column, number> } | { problems: RowProblem[] } {
  const known: readonly string[] = [...REQUIRED, ...OPTIONAL];
  const index = new Map<Column, number>();
  const problems: RowProblem[] = [];
  names.forEach((name, position) => {
    const column = known.find((candidate) => candidate.toLowerCase() === name.toLowerCase()) as Column | undefined;
    if (column === undefined) problems.push({ line: 1, column: name, problem: `unknown column; the columns are ${known.join(', ')}` });
    else index.set(column, position);
  });
  for (const column of REQUIRED) {
    if (!index.has(column)) problems.push({ line: 1, column, problem: `missing column; the header needs ${REQUIRED.join(', ')}` });
  }
  return problems.length > 0 ? { problems } : { index };
}

function checkRow(record: readonly string[], index: Map<Column, number>, line: number): { row: PriceRow } | { problems: RowProblem[] } {
  if (record.length !== index.size) {
    return { problems: [{ line, column: '-', problem: `${record.length} cells but the header has ${index.size}; quote a value that contains a comma` }] };
  }
  const cell = (column: Column): string => (index.has(column) ? record[index.get(column) as number] : '');
  const problems: RowProblem[] = [];
  const problem = (column: Column, text: string) => problems.push({ line, column, problem: text });
  const [sku, amount, currency, category, effectiveAt, reason] = [cell('sku'), cell('amount'), cell('currency'), cell('category'), cell('effectiveAt'), cell('reason')];
  if (!SKU.test(sku)) problem('sku', sku === '' ? 'empty; give the sku the price is for' : `"${sku}" is not a sku: ${SKU_RULE}`);
  const parsed = parseDecimalAmount(amount, currency);
  if (!/^[A-Z]{3}$/.test(currency)) problem('currency', `"${currency}" is not a currency code; use an ISO 4217 code such as USD`);
  else if ('problem' in parsed) problem(parsed.problem.includes('supported currency') ? 'currency' : 'amount', parsed.problem);
  else if (parsed.money.amount < 0) problem('amount', `"${amount}" is negative; a price is zero or more`);
  if (category === '') problem('category', 'empty; give the category, e.g. fashion-apparel');
  else if (category.length > 100) problem('category', 'longer than 100 characters; shorten it');
  if (effectiveAt !== '' && !isISO8601(effectiveAt, { strict: true })) {
    problem('effectiveAt', `"${effectiveAt}" is not an ISO-8601 instant; write it like 2026-04-01T00:00:00Z, or leave it empty for now`);
  }
  if (reason.length > 500) problem('reason', 'longer than 500 characters; shorten it');
  if (problems.length > 0 || !('money' in parsed)) return { problems };
  return {
    row: { line, sku, price: parsed.money, category, ...(effectiveAt === '' ? {} : { effectiveAt }), ...(reason === '' ? {} : { reason }) },
  };
}

export function toSetPrice(row: PriceRow): SetPrice {
  const { sku, price, category, effectiveAt, reason } = row;
  return { type: 'SetPrice', data: { sku, price, category, ...(effectiveAt === undefined ? {} : { effectiveAt }), ...(reason === undefined ? {} : { reason }) } };
}

/**
 * The price decider's own verdict on every row, in file order, starting from each sku's currency in
 * the ledger (`ledgerCurrencies`) and folding earlier rows in: this is what catches a sku priced in
 * two currencies, within the file or against the ledger, before a batch half-applies.
 */
export function decideRows(rows: readonly PriceRow[], ledgerCurrencies: ReadonlyMap<string, string>, now: string): RowProblem[] {
  const states = new Map<string, PriceState>();
  const problems: RowProblem[] = [];
  for (const row of rows) {
    const state = states.get(row.sku) ?? { ...priceDecider.initialState(), sku: row.sku, currency: ledgerCurrencies.get(row.sku) ?? null };
    const decision = priceDecider.decide(toSetPrice(row), state, { now });
    if (decision.kind === 'rejected') {
      const column = decision.rejection.code === 'PRICE.CURRENCY_CHANGED' ? 'currency' : '-';
      problems.push({ line: row.line, column, problem: decision.rejection.message });
    } else {
      states.set(row.sku, decision.events.reduce(priceDecider.evolve, state));
    }
  }
  return problems;
}
