import { requireOrSkip } from '../../../../test/conformance/conformance-target';
import { PgliteExecutor } from './pglite-executor';
import { PostgresExecutor } from './postgres-executor';
import type { SqlExecutor } from './sql-executor';

const onPostgres = requireOrSkip('PostgreSQL (DATABASE_URL) for queryMapped on PostgreSQL', Boolean(process.env.DATABASE_URL)) === 'run';

const executors: [string, boolean, () => Promise<SqlExecutor>][] = [
  ['PGlite', true, () => PgliteExecutor.open()],
  // one connection: a failed statement must leave it usable for the next one
  ['PostgreSQL', onPostgres, () => Promise.resolve(new PostgresExecutor({ connectionString: process.env.DATABASE_URL ?? '', maxConnections: 1 }))],
];

const ROWS = `SELECT n, repeat('x', 200) || n AS label FROM generate_series(1, 3000) AS n ORDER BY n`;

describe.each(executors)('queryMapped on %s', (_name, run, open) => {
  const maybe = run ? it : it.skip;
  let executor: SqlExecutor;
  beforeAll(async () => {
    if (run) executor = await open();
  });
  afterAll(async () => {
    if (run) await executor.close();
  });

  maybe('maps every row, in result order, outside and inside a transaction', async () => {
    const expected = Array.from({ length: 3000 }, (_, index) => `${index + 1}:${'x'.repeat(200)}${index + 1}`);
    const map = (row: { n: number; label: string }): string => `${row.n}:${row.label}`;
    expect(await executor.queryMapped(ROWS, [], map)).toEqual(expected);
    expect(await executor.transaction((tx) => tx.queryMapped(ROWS, [], map))).toEqual(expected);
    expect(await executor.queryMapped('SELECT 1 AS n WHERE false', [], map)).toEqual([]);
  });

  maybe('a mapRow that throws fails the statement with its error, and the connection answers the next statement', async () => {
    const failing = (row: { n: number }): number => {
      if (row.n === 1500) throw new Error('row 1500 is not wanted');
      return row.n;
    };
    await expect(executor.queryMapped(ROWS, [], failing)).rejects.toThrow('row 1500 is not wanted');
    expect(await executor.queryMapped<{ n: number }, number>('SELECT $1::int AS n', [7], (row) => row.n)).toEqual([7]);
    expect(await executor.query<{ n: number }>('SELECT 8 AS n')).toEqual([{ n: 8 }]);
  });

  maybe('a mapRow that throws inside a transaction rolls it back', async () => {
    await executor.query('CREATE TABLE IF NOT EXISTS query_mapped_probe (n int)');
    await executor.query('TRUNCATE query_mapped_probe');
    await expect(
      executor.transaction(async (tx) => {
        await tx.query('INSERT INTO query_mapped_probe VALUES (1)');
        return tx.queryMapped(ROWS, [], () => {
          throw new Error('refused');
        });
      }),
    ).rejects.toThrow('refused');
    expect(await executor.query('SELECT n FROM query_mapped_probe')).toEqual([]);
    await executor.query('DROP TABLE query_mapped_probe');
  });

  maybe('a failing statement rejects with the database error', async () => {
    await expect(executor.queryMapped('SELECT 1 / (n - n) FROM generate_series(1, 3) AS n', [], (row) => row)).rejects.toThrow(/division by zero/);
    expect(await executor.queryMapped('SELECT 9 AS n', [], (row: { n: number }) => row.n)).toEqual([9]);
  });
});
