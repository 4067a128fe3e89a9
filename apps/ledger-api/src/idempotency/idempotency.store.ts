import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { SqlExecutor } from '@promo-ledger/event-store';
import { KeyedTurns, type Settled } from '../application/keyed-turns';
import { SQL_DATABASE } from '../store/sql-database';

export interface StoredResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export type Claim =
  /**
   * `interruptedSince`: an earlier attempt under this key began then and ended without an answer
   * (its process died, or it failed with a 5xx); it may have appended before it stopped (see
   * CommandMetadata.interruptedAttemptSince). Null for a first attempt.
   */
  | { readonly kind: 'claimed'; readonly interruptedSince: string | null }
  | { readonly kind: 'replay'; readonly response: StoredResponse }
  | { readonly kind: 'in_progress' }
  | { readonly kind: 'other_request' };

interface Row {
  readonly request_hash: string;
  readonly state: 'in_progress' | 'interrupted' | 'completed';
  readonly status: number | null;
  readonly content_type: string | null;
  readonly body: string | null;
}

/** The claims' INSERT, its wanted keys a JSON array in parameter `param`; answers the keys it inserted. */
function claimsFrom(otherSources: string, param: string): string {
  return `INSERT INTO idempotency_records (scope_key, request_hash, state)
    SELECT wanted.scope_key, wanted.request_hash, 'in_progress'
    FROM ${otherSources}json_to_recordset(${param}::json) AS wanted (scope_key text, request_hash text)
    ON CONFLICT (scope_key) DO NOTHING RETURNING scope_key`;
}

/**
 * Claims alone commit without waiting for their WAL flush (synchronous_commit off for this statement
 * only): a claim lost in a crash is harmless, because whatever the claimed request then writes — the
 * command's events, the completed record — commits synchronously later in the same WAL and so makes
 * the claim durable with it. A request whose claim was lost wrote nothing durable either; its retry
 * simply runs it.
 */
const CLAIM = `WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true)) ${claimsFrom('relaxed, ', '$1')}`;

/**
 * Completions are committed (and flushed) before any of their responses is sent. The keys are
 * matched by `= ANY(…)` as well as by the join: with only the join, the prepared plan hashed
 * json_to_recordset's guessed 100 rows against a sequential scan of the whole table (1.5 ms per
 * statement after ~10,000 records, and growing; idempotency.store.int.spec.ts).
 */
const COMPLETED = `done AS (SELECT * FROM json_to_recordset($1::json) AS done (scope_key text, status int, content_type text, body text)),
  completed AS (
    UPDATE idempotency_records AS record
    SET state = 'completed', status = done.status, content_type = done.content_type, body = done.body, completed_at = now()
    FROM done
    WHERE record.scope_key = ANY(ARRAY(SELECT scope_key FROM done)) AND record.scope_key = done.scope_key
    RETURNING record.scope_key)`;
const COMPLETE = `WITH ${COMPLETED} SELECT count(*) AS completed FROM completed`;
/** Both in one statement, committed synchronously as the completions must be. */
const COMPLETE_AND_CLAIM = `WITH ${COMPLETED}, claimed AS (${claimsFrom('', '$2')}) SELECT scope_key FROM claimed`;

/** A claim still in progress after this long belongs to a process that died: a retry takes it over. */
export const ABANDONED_AFTER_SECONDS = 30;

interface Completion {
  readonly scopeKey: string;
  readonly response: StoredResponse;
}

interface WantedClaim {
  readonly scopeKey: string;
  readonly requestHash: string;
}

/** A write to the records: a claim (answered true when it inserted the row) or a completion. */
type RecordWrite = ({ readonly kind: 'claim' } & WantedClaim) | ({ readonly kind: 'completion' } & Completion);

/**
 * One row per (caller key, Idempotency-Key). The INSERT … ON CONFLICT DO NOTHING is the claim: of
 * concurrent duplicates exactly one inserts and runs the command; the others see the row and
 * either replay its stored response or wait for it.
 *
 * Claims and completions that arrive while a statement is in flight go together in the next
 * (KeyedTurns): under load one statement claims the keys of the requests just arrived and stores the
 * answers of those just finished; alone it carries one and waits for nothing.
 */
@Injectable()
export class IdempotencyStore implements OnModuleInit {
  private readonly writes = new KeyedTurns<RecordWrite, boolean>((_key, writes) => this.write(writes));

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
    // when a later attempt took the key over; created_at stays the first attempt's start
    await this.db.query('ALTER TABLE idempotency_records ADD COLUMN IF NOT EXISTS claimed_at timestamptz');
    // for the retention sweep; created_at never changes, so a completion stays a HOT update
    await this.db.query('CREATE INDEX IF NOT EXISTS idempotency_records_created_at ON idempotency_records (created_at)');
  }

  /**
   * Deletes up to `limit` records whose first attempt began more than `hours` ago, oldest first;
   * resolves to how many. Rows another sweeper (a replica) holds are skipped, not waited for. A
   * retry after its key was deleted runs as a new request.
   */
  async deleteOlderThan(hours: number, limit: number): Promise<number> {
    const deleted = await this.db.query<{ scope_key: string }>(
      `DELETE FROM idempotency_records WHERE scope_key IN (
         SELECT scope_key FROM idempotency_records WHERE created_at < now() - make_interval(hours => $1)
         ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING scope_key`,
      [hours, limit],
    );
    return deleted.length;
  }

  async claim(scopeKey: string, requestHash: string): Promise<Claim> {
    if (await this.writes.submit('records', { kind: 'claim', scopeKey, requestHash })) return { kind: 'claimed', interruptedSince: null };
    const [row] = await this.db.query<Row>(
      'SELECT request_hash, state, status, content_type, body FROM idempotency_records WHERE scope_key = $1',
      [scopeKey],
      { prepared: true },
    );
    if (!row) return this.claim(scopeKey, requestHash); // swept in between (IdempotencyRetention)
    if (row.request_hash !== requestHash) return { kind: 'other_request' };
    if (row.state !== 'completed') {
      const interruptedSince = await this.takeOver(scopeKey);
      return interruptedSince === null ? { kind: 'in_progress' } : { kind: 'claimed', interruptedSince };
    }
    return { kind: 'replay', response: { status: row.status ?? 200, contentType: row.content_type ?? 'application/json', body: row.body ?? '' } };
  }

  /**
   * Claims a row whose attempt ended without an answer: interrupted (a 5xx), or in progress with an
   * owner silent for too long. Exactly one caller wins the UPDATE; it gets the first attempt's start.
   */
  private async takeOver(scopeKey: string): Promise<string | null> {
    const taken = await this.db.query<{ first_attempt_ms: number }>(
      `UPDATE idempotency_records SET state = 'in_progress', claimed_at = now()
       WHERE scope_key = $1
         AND (state = 'interrupted' OR (state = 'in_progress' AND coalesce(claimed_at, created_at) < now() - make_interval(secs => $2)))
       RETURNING (extract(epoch FROM created_at) * 1000)::float8 AS first_attempt_ms`,
      [scopeKey, ABANDONED_AFTER_SECONDS],
    );
    return taken.length === 1 ? new Date(Number(taken[0].first_attempt_ms)).toISOString() : null;
  }

  async complete(scopeKey: string, response: StoredResponse): Promise<void> {
    await this.writes.submit('records', { kind: 'completion', scopeKey, response });
  }

  /**
   * One statement for the turn's claims and completions: claims alone, completions alone, or both.
   * A claim is true when it inserted its row; of two claims of one key in the same turn only the
   * first can have. A completion's row exists already (its claim came first), so a duplicate's claim
   * in the same turn finds it and inserts nothing; the duplicate then reads the row as completed.
   */
  private async write(writes: readonly RecordWrite[]): Promise<Settled<boolean>[]> {
    const claims = writes.filter((write) => write.kind === 'claim');
    const completions = writes.filter((write) => write.kind === 'completion');
    const wanted = JSON.stringify(claims.map(({ scopeKey, requestHash }) => ({ scope_key: scopeKey, request_hash: requestHash })));
    const done = JSON.stringify(completions.map(({ scopeKey, response }) => ({ scope_key: scopeKey, status: response.status, content_type: response.contentType, body: response.body })));
    let inserted: readonly { scope_key: string }[] = [];
    if (completions.length === 0) inserted = await this.db.query<{ scope_key: string }>(CLAIM, [wanted], { prepared: true });
    else if (claims.length === 0) await this.db.query(COMPLETE, [done], { prepared: true });
    else inserted = await this.db.query<{ scope_key: string }>(COMPLETE_AND_CLAIM, [done, wanted], { prepared: true });
    const insertedKeys = new Set(inserted.map((row) => row.scope_key));
    return writes.map((write) => ({ ok: true, value: write.kind === 'claim' ? insertedKeys.delete(write.scopeKey) : true }));
  }

  /**
   * The command failed without a definite answer (5xx): a retry may run it again, told that this
   * attempt may have appended before it failed (an append whose commit was not acknowledged, or one
   * that committed before a later step failed).
   */
  async interrupt(scopeKey: string): Promise<void> {
    await this.db.query(`UPDATE idempotency_records SET state = 'interrupted' WHERE scope_key = $1 AND state = 'in_progress'`, [scopeKey]);
  }
}
