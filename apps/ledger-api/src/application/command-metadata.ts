import type { Actor } from '../auth/api-keys';
import type { AuthenticatedRequest } from '../auth/api-key.guard';

/** Who asked, under which correlation and idempotency key: recorded on every event a command appends. */
export interface CommandMetadata {
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly actor: Actor | null;
  readonly idempotencyKey: string | null;
}

export function commandMetadata(request: AuthenticatedRequest): CommandMetadata {
  const header = (name: string): string | null => {
    const value = request.headers[name];
    return typeof value === 'string' && value !== '' ? value : null;
  };
  return {
    // pino-http assigned request.id from X-Correlation-Id (or a new uuid) before any handler runs
    correlationId: typeof request.id === 'string' ? request.id : (header('x-correlation-id') ?? ''),
    causationId: header('x-causation-id'),
    actor: request.actor ?? null,
    idempotencyKey: header('idempotency-key'),
  };
}
