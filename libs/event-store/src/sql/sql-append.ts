import { WrongExpectedVersionError } from '../port/errors';
import type { AppendResult, EventToAppend, ExpectedRevision, StreamCondition } from '../port/event-store.port';
import type { EventTypeRegistry } from '../port/event-type-registry';
import { chainHash } from '../port/hash-chain';
import { START_POSITION } from '../port/position';
import type { SqlParam, SqlQueryable } from './sql-executor';
import { hashedMetadata } from '../port/hash-chain';
import { rowPosition } from './sql-rows';
import type { SqlTables } from './sql-schema';

export interface StreamState {
  /** Last revision written, -1n before the first; continues after a soft delete. */
  readonly revision: bigint;
  readonly truncateBefore: bigint;
  readonly lastHash: string;
}

/**
 * Takes the stream's lock for the rest of the transaction and reads its state.
 *
 * Why an advisory lock and not `SELECT … FOR UPDATE` on the stream row: a row lock needs a
 * transaction id, and PostgreSQL may hand it out *before* the lock is granted. Two writers of one
 * stream could then commit revision 1 under a smaller transaction id than revision 0, and the global
 * order (transaction_id, global_position) would contradict the stream's own order. An advisory lock
 * takes no transaction id, so ours is assigned by our first write, after every earlier writer of the
 * stream has committed: within a stream, revision order and global order always agree.
 * An executor that serialises transactions (PGlite) has no concurrent writer to keep out.
 */
export async function lockStream(tx: SqlQueryable, tables: SqlTables, streamId: string, serialised: boolean): Promise<StreamState> {
  if (!serialised) await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${tables.schema}:${streamId}`], { prepared: true });
  const [row] = await tx.query<{ revision_text: string; truncate_before_text: string; last_hash: string }>(
    `SELECT revision::text AS revision_text, truncate_before::text AS truncate_before_text, last_hash FROM ${tables.streams} WHERE stream_id = $1`,
    [streamId],
    { prepared: true },
  );
  return row
    ? { revision: BigInt(row.revision_text), truncateBefore: BigInt(row.truncate_before_text), lastHash: row.last_hash }
    : { revision: -1n, truncateBefore: 0n, lastHash: '' };
}

/** A soft-deleted stream, or one never written, does not exist until its next event. */
export function visibleRevision(state: StreamState): bigint | 'no_stream' {
  return state.revision >= state.truncateBefore ? state.revision : 'no_stream';
}

export function checkExpectedRevision(streamId: string, state: StreamState, expected: ExpectedRevision): void {
  const actual = visibleRevision(state);
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === 'no_stream') ||
    (expected === 'stream_exists' && actual !== 'no_stream') ||
    (typeof expected === 'bigint' && actual === expected);
  if (!ok) throw new WrongExpectedVersionError(streamId, expected, actual);
}

/** A stream row's head as readers see it: -1 once soft-deleted (its revisions hidden below truncate_before). */
const VISIBLE_HEAD = 'CASE WHEN revision >= truncate_before THEN revision ELSE -1 END';

/**
 * Holds the heads of the streams an append's decision relied on until the commit (FOR SHARE: an
 * append to one of them waits, and one committed meanwhile is seen) and throws the
 * WrongExpectedVersionError of the first that is not at its revision.
 */
async function holdUnchanged(tx: SqlQueryable, tables: SqlTables, unchanged: readonly StreamCondition[]): Promise<void> {
  const rows = await tx.query<{ stream_id: string; revision_text: string }>(
    `SELECT stream_id, (${VISIBLE_HEAD})::text AS revision_text
     FROM ${tables.streams} WHERE stream_id = ANY(ARRAY(SELECT json_array_elements_text($1::json))) ORDER BY stream_id FOR SHARE`,
    [JSON.stringify(unchanged.map(({ streamId }) => streamId))],
  );
  const heads = new Map(rows.map((row) => [row.stream_id, BigInt(row.revision_text)]));
  for (const { streamId, revision } of unchanged) {
    const actual = heads.get(streamId) ?? -1n;
    if (actual !== revision) throw new WrongExpectedVersionError(streamId, revision < 0n ? 'no_stream' : revision, actual < 0n ? 'no_stream' : actual);
  }
}

/** An append's result plus the hash of the stream's last event after it, so the appender can chain the next one. */
export interface Appended extends AppendResult {
  readonly lastHash: string;
}

/** Rows per INSERT: 8 parameters each keeps a batch far below PostgreSQL's 65535-parameter limit. */
const ROWS_PER_INSERT = 500;

export async function appendLocked(
  tx: SqlQueryable,
  tables: SqlTables,
  registry: EventTypeRegistry,
  streamId: string,
  events: readonly EventToAppend[],
  expected: ExpectedRevision,
  serialised: boolean,
  unchanged: readonly StreamCondition[] = [],
): Promise<Appended> {
  const state = await lockStream(tx, tables, streamId, serialised);
  checkExpectedRevision(streamId, state, expected);
  if (unchanged.length > 0) await holdUnchanged(tx, tables, unchanged);
  if (events.length === 0) return { nextExpectedRevision: state.revision, position: START_POSITION, lastHash: state.lastHash };

  const { rows, lastHash } = chainRows(registry, streamId, state.revision + 1n, state.lastHash, events);

  let last = { transaction_id_text: '0', global_position_text: '0' };
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const chunk = rows.slice(start, start + ROWS_PER_INSERT);
    const values = chunk.map((_, row) => {
      const p = (column: number): string => `$${row * 8 + column}`;
      return `(${p(1)}, ${p(2)}::bigint, ${p(3)}, ${p(4)}::int, ${p(5)}::json, ${p(6)}::json, ${p(7)}, ${p(8)})`;
    });
    const inserted = await tx.query<{ transaction_id_text: string; global_position_text: string }>(
      `INSERT INTO ${tables.events} (stream_id, revision, type, schema_version, data, metadata, prev_hash, hash)
       VALUES ${values.join(', ')}
       RETURNING transaction_id::text AS transaction_id_text, global_position::text AS global_position_text`,
      chunk.flat(),
    );
    last = inserted.reduce((max, row) => (BigInt(row.global_position_text) > BigInt(max.global_position_text) ? row : max), last);
  }

  const nextRevision = state.revision + BigInt(events.length);
  // One statement moves the stream's head and wakes subscribers. The NOTIFY is delivered at commit,
  // never for a rolled-back append; subscribers also poll, so a lost wake-up only delays.
  await tx.query(
    `WITH head AS (
       INSERT INTO ${tables.streams} (stream_id, revision, last_hash) VALUES ($1, $2::bigint, $3)
       ON CONFLICT (stream_id) DO UPDATE SET revision = EXCLUDED.revision, last_hash = EXCLUDED.last_hash
       RETURNING 1
     )
     SELECT pg_notify($4, NULL) FROM head`,
    [streamId, nextRevision, lastHash, tables.channel],
    { prepared: true },
  );
  return { nextExpectedRevision: nextRevision, position: rowPosition(last), lastHash };
}

/** The events as table rows (8 parameters each), each hash chained to the one before, starting after `prevHash`. */
function chainRows(
  registry: EventTypeRegistry,
  streamId: string,
  firstRevision: bigint,
  prevHash: string,
  events: readonly EventToAppend[],
): { rows: SqlParam[][]; lastHash: string } {
  let lastHash = prevHash;
  const rows = events.map((event, index) => {
    const revision = firstRevision + BigInt(index);
    const schemaVersion = registry.schemaVersionOf(event.type);
    const metadata = hashedMetadata(event.metadata);
    const hash = chainHash(lastHash, { streamId, revision, type: event.type, schemaVersion, data: event.data, metadata });
    const params: SqlParam[] = [streamId, revision, event.type, schemaVersion, JSON.stringify(event.data), JSON.stringify(metadata), lastHash, hash];
    lastHash = hash;
    return params;
  });
  return { rows, lastHash };
}

/** What the appender believes about the stream's head: its last revision (-1 for a new stream) and that event's hash. */
export interface KnownHead {
  readonly revision: bigint;
  readonly hash: string;
}

/** Events per stream in a one-statement append: larger appends take the locked path. */
export const MAX_EVENTS_AT_KNOWN_HEAD = 500;

/** One stream's part of appendAtKnownHeads. */
export interface KnownHeadAppend {
  readonly streamId: string;
  readonly events: readonly EventToAppend[];
  readonly head: KnownHead;
  /** Streams that must still be at these revisions (see StreamAppendRequest.unchanged). */
  readonly unchanged?: readonly StreamCondition[];
}

/**
 * The append in one statement, for each stream whose caller already knows the head it expects
 * (revision and hash, from its own reads and appends): move a head only if it is still exactly
 * there, insert a stream's events only if its head moved, notify — no lock, no separate read, no
 * BEGIN/COMMIT. The streams succeed or fall back independently, as if appended one by one, in one
 * transaction and one round trip. Answer i is null when request i's head was elsewhere (a
 * concurrent writer, a soft delete, a stale belief); the caller then takes the locked path, which
 * decides between success and WrongExpectedVersion. Each stream may appear once. The rows travel as
 * two JSON parameters (the events' data and metadata embedded as the text that was hashed), so the
 * statement's text never changes. The heads are also looked up by `stream_id = ANY(…)`: PostgreSQL
 * guesses 100 rows for json_to_recordset and, in the prepared (generic) plan, joined them to the
 * streams table by a sequential scan up to ~10,000 streams (0.6 ms per append in bench:checkout,
 * growing with every stream); with the ANY it uses the index from ~3,000 streams on
 * (append-plan.int.spec.ts).
 *
 * A stream with `unchanged` conditions moves only if every stream they name is at its revision, read
 * FOR SHARE: the latest committed head, held until the commit, so no append to it lands between the
 * check and the commit; otherwise its answer is null too, and the locked path names the stream that moved.
 *
 * Why this keeps a stream's revision order equal to the global order without the advisory lock
 * (see lockStream): a stream's head row is written before any of its events, so a writer that got
 * its transaction id while waiting on that row can only write if the head is still where it
 * expected when the wait ends — which means the writer it waited for did not commit a revision.
 * Every later revision is decided after reading this one committed, so its transaction id is larger.
 */
export async function appendAtKnownHeads(
  db: SqlQueryable,
  tables: SqlTables,
  registry: EventTypeRegistry,
  requests: readonly KnownHeadAppend[],
): Promise<(Appended | null)[]> {
  const heads: string[] = [];
  const events: string[] = [];
  const conditions: string[] = [];
  const outcomes = requests.map(({ streamId, events: toAppend, head, unchanged = [] }, index) => {
    for (const condition of unchanged) conditions.push(JSON.stringify({ stream_id: streamId, condition_id: condition.streamId, revision: String(condition.revision) }));
    const { rows, lastHash } = chainRows(registry, streamId, head.revision + 1n, head.hash, toAppend);
    const nextRevision = head.revision + BigInt(toAppend.length);
    heads.push(JSON.stringify({ stream_id: streamId, expected: String(head.revision), expected_hash: head.hash, next_revision: String(nextRevision), last_hash: lastHash }));
    for (const [, revision, type, schemaVersion, data, metadata, prevHash, hash] of rows) {
      const scalars = JSON.stringify({ stream_index: index, stream_id: streamId, revision: String(revision), type, schema_version: schemaVersion, prev_hash: prevHash, hash });
      // data and metadata are already JSON text: embedded as they are, not encoded again
      events.push(`${scalars.slice(0, -1)},"data":${String(data)},"metadata":${String(metadata)}}`);
    }
    return { streamId, nextRevision, lastHash };
  });
  const conditional = conditions.length > 0;
  const appended = await db.query<{ stream_id: string; transaction_id_text: string; global_position_text: string }>(
    knownHeadsStatement(tables, conditional),
    [`[${heads.join(',')}]`, `[${events.join(',')}]`, tables.channel, ...(conditional ? [`[${conditions.join(',')}]`] : [])],
    { prepared: true },
  );
  const last = new Map(appended.map((row) => [row.stream_id, row]));
  return outcomes.map(({ streamId, nextRevision, lastHash }) => {
    const row = last.get(streamId);
    return row === undefined ? null : { nextExpectedRevision: nextRevision, position: rowPosition(row), lastHash };
  });
}

/**
 * appendAtKnownHeads' statement; `conditional` adds the `unchanged` checks (a fourth parameter), so
 * the appends that name none — nearly all — keep the statement without them.
 */
function knownHeadsStatement(tables: SqlTables, conditional: boolean): string {
  const unmet = (column: string): string => (conditional ? ` AND ${column} NOT IN (SELECT stream_id FROM unmet)` : '');
  return `WITH wanted AS (
       SELECT * FROM json_to_recordset($1::json) AS w (stream_id text, expected bigint, expected_hash text, next_revision bigint, last_hash text)
     ),${conditional ? conditionsSql(tables) : ''}
     created AS (
       INSERT INTO ${tables.streams} (stream_id, revision, last_hash)
       SELECT stream_id, next_revision, last_hash FROM wanted
       WHERE expected = -1 AND expected_hash = ''${unmet('stream_id')} ORDER BY stream_id
       ON CONFLICT (stream_id) DO NOTHING RETURNING stream_id
     ),
     moved AS (
       UPDATE ${tables.streams} AS stream SET revision = wanted.next_revision, last_hash = wanted.last_hash
       FROM wanted
       WHERE stream.stream_id = ANY(ARRAY(SELECT stream_id FROM wanted))
         AND stream.stream_id = wanted.stream_id AND wanted.expected >= 0 AND stream.revision = wanted.expected
         AND stream.revision >= stream.truncate_before AND stream.last_hash = wanted.expected_hash${unmet('wanted.stream_id')}
       RETURNING stream.stream_id
     ),
     head AS (SELECT stream_id FROM created UNION ALL SELECT stream_id FROM moved),
     appended AS (
       INSERT INTO ${tables.events} (stream_id, revision, type, schema_version, data, metadata, prev_hash, hash)
       SELECT e.stream_id, e.revision, e.type, e.schema_version, e.data, e.metadata, e.prev_hash, e.hash
       FROM json_to_recordset($2::json) AS e (stream_index int, stream_id text, revision bigint, type text, schema_version int, data json, metadata json, prev_hash text, hash text)
       WHERE e.stream_id IN (SELECT stream_id FROM head)
       ORDER BY e.stream_index, e.revision
       RETURNING stream_id, transaction_id, global_position
     )
     SELECT DISTINCT ON (appended.stream_id) appended.stream_id, appended.transaction_id::text AS transaction_id_text, appended.global_position::text AS global_position_text
     FROM appended, (SELECT pg_notify($3, NULL) FROM (SELECT 1 FROM head LIMIT 1) AS any_head) AS notified
     ORDER BY appended.stream_id, appended.global_position DESC`;
}

/** The `unchanged` checks: each condition's stream read FOR SHARE (see appendAtKnownHeads); `unmet` names the appends whose conditions fail. */
function conditionsSql(tables: SqlTables): string {
  return `
     conditions AS (
       SELECT * FROM json_to_recordset($4::json) AS c (stream_id text, condition_id text, revision bigint)
     ),
     held AS (
       SELECT stream_id, ${VISIBLE_HEAD} AS revision
       FROM ${tables.streams} WHERE stream_id = ANY(ARRAY(SELECT condition_id FROM conditions)) ORDER BY stream_id FOR SHARE
     ),
     unmet AS (
       SELECT c.stream_id FROM conditions AS c LEFT JOIN held AS h ON h.stream_id = c.condition_id WHERE coalesce(h.revision, -1) <> c.revision
     ),`;
}
