import { comparePositions, parsePosition, positionToString, type Position, type SqlParam, type SqlQueryable } from '@promo-ledger/event-store';
import { type Row, writeRows } from '../../engine/write-rows';

/** How the rows of one table map to the states a batch folds. */
export interface RowMapping<State> {
  /** The primary-key column. */
  readonly key: string;
  /** Every column of the table, the position included (writeRows needs them all). */
  toRow(key: string, state: State, position: string): Row;
  fromRow(row: Readonly<Record<string, unknown>>): { readonly key: string; readonly state: State };
}

interface Held<State> {
  readonly state: State;
  readonly position: Position;
}

/**
 * The rows of one table a batch touches: read with one query, folded in memory event by event,
 * written back with one upsert. Each row remembers the position of the last event folded into it,
 * so an event it already holds (a batch delivered twice past the engine's fence) changes nothing.
 *
 * A batch may start from the one before it (`previous`) while that one's writes are still in
 * flight: what the previous batch changed or removed is taken from it and never read from the
 * table, which may not show it yet. Every other row is as the table holds it. A StateRows is
 * written once; writing leaves it as it was, so the next batch can still start from it.
 */
export class StateRows<State> {
  private readonly held = new Map<string, Held<State>>();
  private readonly changed = new Set<string>();
  /** Keys in the table (read from it, or written by the previous batch): only those need a DELETE when removed. */
  private readonly stored = new Set<string>();
  private readonly removed = new Set<string>();
  /** Keys the previous batch removed: the table may still hold them until it commits. */
  private readonly gone = new Set<string>();

  constructor(
    private readonly table: string,
    private readonly mapping: RowMapping<State>,
    previous: StateRows<State> | null = null,
  ) {
    if (previous === null) return;
    for (const key of previous.changed) {
      this.held.set(key, previous.held.get(key) as Held<State>);
      this.stored.add(key);
    }
    for (const key of previous.removed) this.gone.add(key);
  }

  async loadKeys(tx: SqlQueryable, keys: Iterable<string>): Promise<void> {
    const wanted = [...keys].filter((key) => !this.held.has(key) && !this.gone.has(key));
    if (wanted.length > 0) await this.loadWhere(tx, `${this.mapping.key} = ANY($1::text[])`, [textArray(wanted)]);
  }

  async loadWhere(tx: SqlQueryable, where: string, params: readonly SqlParam[]): Promise<void> {
    const rows = await tx.query<Record<string, unknown>>(`SELECT * FROM ${this.table} WHERE ${where}`, params);
    for (const row of rows) {
      const { key, state } = this.mapping.fromRow(row);
      if (this.held.has(key) || this.gone.has(key)) continue;
      this.held.set(key, { state, position: parsePosition(String(row.position)) });
      this.stored.add(key);
    }
  }

  get(key: string): State | undefined {
    return this.held.get(key)?.state;
  }

  values(): State[] {
    return [...this.held.values()].map((held) => held.state);
  }

  /** Whether the state under `key` already includes the event at `position`. */
  includes(key: string, position: Position): boolean {
    const held = this.held.get(key);
    return held !== undefined && comparePositions(position, held.position) <= 0;
  }

  /** Drops a state no later event needs; a row never written is simply not written. */
  remove(key: string): void {
    this.held.delete(key);
    this.changed.delete(key);
    if (this.stored.has(key)) this.removed.add(key);
  }

  /** Folds one event at `position` into the state under `key`; `change` returning undefined leaves it as it was. */
  update(key: string, position: Position, change: (state: State | undefined) => State | undefined): void {
    if (this.includes(key, position)) return;
    const next = change(this.held.get(key)?.state);
    if (next === undefined) return;
    this.held.set(key, { state: next, position });
    this.changed.add(key);
  }

  /** One delete of the rows removed, then one upsert of every row the batch changed (each key once, as ON CONFLICT DO UPDATE requires). */
  async save(tx: SqlQueryable): Promise<void> {
    if (this.removed.size > 0) await tx.query(`DELETE FROM ${this.table} WHERE ${this.mapping.key} = ANY($1::text[])`, [textArray([...this.removed])]);
    const rows = [...this.changed].map((key) => {
      const { state, position } = this.held.get(key) as Held<State>;
      return this.mapping.toRow(key, state, positionToString(position));
    });
    if (rows.length === 0) return;
    const updates = Object.keys(rows[0]).filter((column) => column !== this.mapping.key).map((column) => `${column} = excluded.${column}`);
    await writeRows(tx, this.table, rows, `(${this.mapping.key}) DO UPDATE SET ${updates.join(', ')}`);
  }
}

/**
 * A PostgreSQL text[] literal: the SQL parameters are scalars, so a key list travels as one
 * string cast with `$1::text[]` (every element quoted, so commas, braces and NULL stay text).
 */
export function textArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/[\\"]/g, (special) => `\\${special}`)}"`).join(',')}}`;
}
