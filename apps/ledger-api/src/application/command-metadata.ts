import { createHash } from 'node:crypto';
import type { Actor } from '../auth/api-keys';
import type { AuthenticatedRequest } from '../auth/api-key.guard';

/** Who asked, under which correlation and idempotency key: recorded on every event a command appends. */
export interface CommandMetadata {
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly actor: Actor | null;
  readonly idempotencyKey: string | null;
  /**
   * Not recorded: set when an earlier attempt under the same Idempotency-Key began at this time (ISO)
   * and ended without an answer, so it may have appended. StreamRunner then looks in the stream for
   * that attempt's events before deciding again (see StreamRunner.run).
   */
  readonly interruptedAttemptSince?: string;
}

export function commandMetadata(request: AuthenticatedRequest): CommandMetadata {
  const header = (name: string): string | null => {
    const value = request.headers[name];
    return typeof value === 'string' && value !== '' ? value : null;
  };
  const metadata = {
    // pino-http assigned request.id from X-Correlation-Id (or a new uuid) before any handler runs
    correlationId: typeof request.id === 'string' ? request.id : (header('x-correlation-id') ?? ''),
    causationId: header('x-causation-id'),
    actor: request.actor ?? null,
    idempotencyKey: header('idempotency-key'),
  };
  return request.interruptedAttemptSince === undefined ? metadata : { ...metadata, interruptedAttemptSince: request.interruptedAttemptSince };
}

/** The part of a command's metadata its events record (without interruptedAttemptSince). */
export function recordedMetadata(metadata: CommandMetadata): CommandMetadata {
  if (metadata.interruptedAttemptSince === undefined) return metadata;
  const { correlationId, causationId, actor, idempotencyKey } = metadata;
  return { correlationId, causationId, actor, idempotencyKey };
}

/** An Idempotency-Key as the ledger keeps it: scoped to the caller's key id, so two callers never share one. */
export function idempotencyScope(request: AuthenticatedRequest, key: string): string {
  return `${request.actor?.keyId ?? 'anonymous'}:${key}`;
}

/**
 * An id for what a write creates when the caller names none (a cart, a campaign): derived from the
 * caller's key id and Idempotency-Key, so a retry of an attempt that was interrupted after it
 * appended names the same stream and finds what that attempt wrote, instead of creating a second one.
 * Shaped as a UUID (version 8, RFC 9562); distinct keys give distinct ids.
 */
export function idForRequest(request: AuthenticatedRequest): string {
  const key = request.headers['idempotency-key'];
  const digest = createHash('sha256').update(idempotencyScope(request, typeof key === 'string' ? key : '')).digest('hex');
  const variant = ((Number.parseInt(digest[16], 16) & 0x3) | 0x8).toString(16);
  return `${digest.slice(0, 8)}-${digest.slice(8, 12)}-8${digest.slice(13, 16)}-${variant}${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
}
