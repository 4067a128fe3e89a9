import { StoreUnavailableError } from '../port/errors';

/**
 * SQLSTATE classes and driver errors that mean "the database went away or refused us", as opposed
 * to "the database said no". Only these become StoreUnavailableError, which callers (and the
 * subscription loop) may retry; everything else is a bug or a constraint and propagates unchanged.
 */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, or the server is stopping
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or in recovery
  '53300', // too_many_connections
  '08000', '08001', '08003', '08004', '08006', // connection exceptions
]);
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /not queryable/i,
  /timeout exceeded when trying to connect/i,
  /cannot use a pool after calling end/i,
  /pglite is closed/i,
  /client was closed/i,
];

export function isConnectionError(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  // Duck-typed, not `instanceof Error`: socket errors may come from another realm (jest's vm, workers).
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, errors } = error as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_NODE_CODES.has(code))) return true;
  if (Array.isArray(errors) && errors.some(isConnectionError)) return true; // AggregateError: every address refused
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}

/** Rethrows connection failures as StoreUnavailableError, keeping the driver error as the cause. */
export function mapConnectionError(error: unknown, store: string): unknown {
  if (error instanceof StoreUnavailableError || !isConnectionError(error)) return error;
  const detail = (error as { message?: unknown }).message;
  return new StoreUnavailableError(`${store} is unavailable: ${typeof detail === 'string' ? detail : 'connection failed'}`, { cause: error });
}
