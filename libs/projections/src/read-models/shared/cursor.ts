/**
 * Keyset pagination shared by the read-model queries: a cursor is the sort key of the last item
 * returned, as base64url JSON, so it is opaque to clients and stable while rows are added.
 */
export class InvalidCursorError extends RangeError {
  readonly code = 'INVALID_CURSOR';

  constructor(cursor: string) {
    super(`cursor "${cursor}" was not issued by this query; start again without it`);
    this.name = 'InvalidCursorError';
  }
}

export type CursorKey = readonly (string | number)[];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The key a cursor carries, checked against the shape the query expects ('string' or 'number' per part). */
export function decodeCursor(cursor: string, shape: readonly ('string' | 'number')[]): CursorKey {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError(cursor);
  }
  const valid = Array.isArray(key) && key.length === shape.length && key.every((part, index) => typeof part === shape[index]);
  if (!valid) throw new InvalidCursorError(cursor);
  return key as CursorKey;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** The page size asked for, defaulted and clamped to 1…500. */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(limit)));
}

/** Splits the `limit + 1` rows a page query fetched into the page and the cursor of its last item, if more follow. */
export function paged<Row>(rows: readonly Row[], limit: number, keyOf: (row: Row) => CursorKey): { page: Row[]; nextCursor: string | null } {
  if (rows.length <= limit) return { page: [...rows], nextCursor: null };
  const page = rows.slice(0, limit);
  return { page, nextCursor: encodeCursor(keyOf(page[page.length - 1])) };
}
