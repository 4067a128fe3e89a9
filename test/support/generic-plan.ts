import type { Client } from 'pg';
import type { SqlExecutor, SqlParam } from '@promo-ledger/event-store';

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly Plans?: readonly PlanNode[];
}

/**
 * The tables that a statement's generic plan — the one a prepared statement settles on after a few
 * executions — reads with a sequential scan. The statement is planned, never run (EXPLAIN without
 * ANALYZE), with `params` as literals.
 */
export async function sequentiallyScanned(client: Client, sql: string, params: readonly SqlParam[]): Promise<string[]> {
  const literals = params.map((param) => (param === null ? 'NULL' : client.escapeLiteral(String(param))));
  await client.query('BEGIN');
  try {
    await client.query('SET LOCAL plan_cache_mode = force_generic_plan');
    await client.query(`PREPARE generic_plan_probe AS ${sql}`);
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) EXECUTE generic_plan_probe(${literals.join(', ')})`);
    const scanned: string[] = [];
    const walk = (node: PlanNode): void => {
      if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] !== undefined) scanned.push(node['Relation Name']);
      for (const child of node.Plans ?? []) walk(child);
    };
    walk(rows[0]['QUERY PLAN'][0].Plan);
    return scanned;
  } finally {
    await client.query('ROLLBACK');
    await client.query('DEALLOCATE ALL');
  }
}

/** The first statement `work` sends through `executor` whose text contains `marker`, with its parameters. */
export async function statementSent(executor: SqlExecutor, marker: string, work: () => Promise<unknown>): Promise<{ sql: string; params: readonly SqlParam[] }> {
  const sent: { sql: string; params: readonly SqlParam[] }[] = [];
  const query = executor.query.bind(executor);
  executor.query = (sql, params, options) => {
    sent.push({ sql, params: params ?? [] });
    return query(sql, params, options);
  };
  try {
    await work();
  } finally {
    executor.query = query;
  }
  const found = sent.find((statement) => statement.sql.includes(marker));
  if (found === undefined) throw new Error(`no statement containing "${marker}" was sent`);
  return found;
}
