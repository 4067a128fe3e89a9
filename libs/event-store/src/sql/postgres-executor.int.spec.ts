import { requireOrSkip } from '../../../../test/conformance/conformance-target';
import { PostgresExecutor } from './postgres-executor';

const run = requireOrSkip('PostgreSQL (DATABASE_URL) for the executor spec', Boolean(process.env.DATABASE_URL)) === 'run';

(run ? describe : describe.skip)('PostgresExecutor prepared statements', () => {
  let executor: PostgresExecutor;
  beforeAll(() => {
    executor = new PostgresExecutor({ connectionString: process.env.DATABASE_URL ?? '', maxConnections: 1 });
  });
  afterAll(() => executor.close());

  const prepared = (): Promise<{ statement: string }[]> =>
    executor.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements WHERE statement LIKE $1 ORDER BY statement', ['SELECT $1::int + %']);

  it('parses a statement marked prepared once per connection and reuses it; an unmarked one is never kept', async () => {
    await executor.query('SELECT $1::int + 0 AS unmarked', [1]);
    for (let n = 0; n < 3; n += 1) {
      const [row] = await executor.query<{ sum: number }>('SELECT $1::int + 1 AS sum', [n], { prepared: true });
      expect(row.sum).toBe(n + 1);
    }
    expect(await prepared()).toEqual([{ statement: 'SELECT $1::int + 1 AS sum' }]);
  });

  it('prepares inside a transaction on the transaction’s connection, with the same name for the same text', async () => {
    const rows = await executor.transaction(async (tx) => {
      await tx.query('SELECT $1::int + 2 AS sum', [1], { prepared: true });
      await tx.query('SELECT $1::int + 2 AS sum', [2], { prepared: true });
      return tx.query<{ name: string }>('SELECT name FROM pg_prepared_statements WHERE statement = $1', ['SELECT $1::int + 2 AS sum']);
    });
    expect(rows).toHaveLength(1);
    expect(rows[0].name).toMatch(/^pl_[0-9a-f]{24}$/);
  });
});
