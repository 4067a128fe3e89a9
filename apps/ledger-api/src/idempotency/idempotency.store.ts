import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { SqlExecutor } from '@promo-ledger/event-store';
import { SQL_DATABASE } from '../store/sql-database';

export interface StoredResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export type Claim =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'replay'; readonly response: StoredResponse }
  | { readonly kind: 'in_progress' }
  | { readonly kind: 'other_request' };

interface Row {
  readonly request_hash: string;
  readonly state: 'in_progress' | 'completed';
  readonly status: number | null;
  readonly content_type: string | null;
  readonly body: string | null;
}

/**
 * One row per (caller key, Idempotency-Key). The INSERT … ON CONFLICT DO NOTHING is the claim: of
 * concurrent duplicates exactly one inserts and runs the command; the others see the row and
 * either replay its stored response or wait for it.
 */
/** A claim still in progress after this long belongs to a process that died: a retry takes it over. */
export const ABANDONED_AFTER_SECONDS = 30;

@Injectable()
export class IdempotencyStore implements OnModuleInit {
  constructor(@Inject(SQL_DATABASE) private readonly db: SqlExecutor) {}

  async onModuleInit(): Promise<void> {
    await this.db.query(`CREATE TABLE IF NOT EXISTS idempotency_records (
      scope_key text PRIMARY KEY,
      request_hash text NOT NULL,
      state text NOT NULL,
      status integer,
      content_type text,
      body text,
      created_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz
    )`);
  }

  /**
   * The claim commits without waiting for its WAL flush (synchronous_commit off for this one
   * statement): a claim lost in a crash is harmless, because whatever the claimed request then
   * writes — the command's events, the completed record — commits synchronously later in the same
   * WAL and so makes the claim durable with it. A request whose claim was lost wrote nothing durable
   * either, and its retry simply runs it.
   */
  async claim(scopeKey: string, requestHash: string): Promise<Claim> {
    const inserted = await this.db.query<{ scope_key: string }>(
      `WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true))
       INSERT INTO idempotency_records (scope_key, request_hash, state) SELECT $1, $2, 'in_progress' FROM relaxed
       ON CONFLICT (scope_key) DO NOTHING RETURNING scope_key`,
      [scopeKey, requestHash],
      { prepared: true },
    );
    if (inserted.length === 1) return { kind: 'claimed' };
    const [row] = await this.db.query<Row>(
      'SELECT request_hash, state, status, content_type, body FROM idempotency_records WHERE scope_key = $1',
      [scopeKey],
      { prepared: true },
    );
    if (!row) return this.claim(scopeKey, requestHash); // the first attempt was abandoned in between
    if (row.request_hash !== requestHash) return { kind: 'other_request' };
    if (row.state === 'in_progress') return (await this.takeOverAbandoned(scopeKey)) ? { kind: 'claimed' } : { kind: 'in_progress' };
    return { kind: 'replay', response: { status: row.status ?? 200, contentType: row.content_type ?? 'application/json', body: row.body ?? '' } };
  }

  /** Claims an in-progress row whose owner has been silent too long; exactly one caller wins the UPDATE. */
  private async takeOverAbandoned(scopeKey: string): Promise<boolean> {
    const taken = await this.db.query<{ scope_key: string }>(
      `UPDATE idempotency_records SET created_at = now()
       WHERE scope_key = $1 AND state = 'in_progress' AND created_at < now() - make_interval(secs => $2)
       RETURNING scope_key`,
      [scopeKey, ABANDONED_AFTER_SECONDS],
    );
    return taken.length === 1;
  }

  async complete(scopeKey: string, response: StoredResponse): Promise<void> {
    await this.db.query(
      `UPDATE idempotency_records SET state = 'completed', status = $2, content_type = $3, body = $4, completed_at = now()
       WHERE scope_key = $1`,
      [scopeKey, response.status, response.contentType, response.body],
      { prepared: true },
    );
  }

  /** The command failed without a definite answer (5xx): let a retry run it again. */
  async abandon(scopeKey: string): Promise<void> {
    await this.db.query(`DELETE FROM idempotency_records WHERE scope_key = $1 AND state = 'in_progress'`, [scopeKey]);
  }
}
