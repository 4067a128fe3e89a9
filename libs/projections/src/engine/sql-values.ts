/**
 * The two drivers hand back some column types differently (`pg`: bigint and numeric as strings;
 * PGlite: bigint as number or bigint), and timestamptz as Date in both. Queries convert through these,
 * so a read model answers the same JSON on either.
 */
export function toInteger(value: unknown): number {
  const number = typeof value === 'string' || typeof value === 'bigint' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number)) throw new TypeError(`not a safe integer from SQL: ${String(value)}`);
  return number;
}

export function toIsoInstant(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return new Date(value).toISOString();
  throw new TypeError(`not a timestamp from SQL: ${String(value)}`);
}

export function toIsoInstantOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : toIsoInstant(value);
}
