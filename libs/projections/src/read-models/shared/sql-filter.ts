import type { SqlParam } from '@promo-ledger/event-store';

/**
 * Builds a WHERE clause from optional filters: `add('customer_id = ?', value)` is skipped when the
 * value is undefined, and each `?` becomes the next numbered parameter, so filters compose without
 * counting `$n` by hand.
 */
export class SqlFilter {
  private constructor(
    private readonly conditions: readonly string[],
    readonly params: readonly SqlParam[],
  ) {}

  static empty(): SqlFilter {
    return new SqlFilter([], []);
  }

  add(condition: string, ...values: readonly (SqlParam | undefined)[]): SqlFilter {
    if (values.some((value) => value === undefined)) return this;
    let next = this.params.length;
    const numbered = condition.replace(/\?/g, () => `$${(next += 1)}`);
    return new SqlFilter([...this.conditions, numbered], [...this.params, ...(values as SqlParam[])]);
  }

  /** The next free parameter number, for a LIMIT or similar placed after the WHERE clause. */
  get nextParam(): string {
    return `$${this.params.length + 1}`;
  }

  get where(): string {
    return this.conditions.length === 0 ? '' : `WHERE ${this.conditions.join(' AND ')}`;
  }
}

/**
 * A list of keys as one parameter (SqlParam has no arrays): sent as JSON text and unnested in SQL,
 * for `WHERE key = ANY(<fragment>)`. `ref` is the parameter's placeholder, e.g. `$1`.
 */
export function textArray(ref: string): string {
  return `ARRAY(SELECT json_array_elements_text(${ref}::json))`;
}

export function textArrayParam(values: Iterable<string>): string {
  return JSON.stringify([...values]);
}
