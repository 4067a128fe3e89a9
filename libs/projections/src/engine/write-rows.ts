import type { SqlQueryable } from '@promo-ledger/event-store';

export type Row = Readonly<Record<string, unknown>>;

/**
 * Writes many rows in one statement: the rows travel as one JSON parameter and
 * json_populate_recordset turns them into the table's row type, so the statement is the same
 * whatever the batch size and PostgreSQL's parameter limit never applies. `onConflict` is the tail
 * after ON CONFLICT, e.g. `(order_id) DO UPDATE SET status = excluded.status`; omitted: plain insert.
 * bigints are sent as strings (JSON has no bigint), which PostgreSQL casts to the column type.
 * Prepared: the text names one generation's table, whose shape never changes (a rebuild writes a new one).
 */
export async function writeRows(tx: SqlQueryable, table: string, rows: readonly Row[], onConflict?: string): Promise<void> {
  if (rows.length === 0) return;
  const json = rowsAsJson(rows);
  await tx.query(
    `INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, $1::json)${onConflict ? ` ON CONFLICT ${onConflict}` : ''}`,
    [json],
    { prepared: true },
  );
}

/**
 * Plain JSON.stringify first: a replacer function is called for every value and doubles the cost of
 * the statement's largest step. Only rows that hold a bigint (JSON.stringify throws a TypeError on
 * them) pay for the replacer.
 */
function rowsAsJson(rows: readonly Row[]): string {
  try {
    return JSON.stringify(rows);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  }
}
