import { PgliteExecutor } from '@promo-ledger/event-store';
import { writeRows } from './write-rows';

describe('writeRows', () => {
  it('upserts many rows in one statement, bigints included, whatever JSON.stringify alone can carry', async () => {
    const db = await PgliteExecutor.open();
    try {
      await db.query('CREATE TABLE ledger_rows (id text PRIMARY KEY, amount bigint NOT NULL, note text)');
      await writeRows(db, 'ledger_rows', [{ id: 'a', amount: 1, note: 'plain' }, { id: 'b', amount: 2, note: null }]);
      // 2^63 − 1 does not fit a JS number: it travels as a bigint, sent as its decimal text
      await writeRows(db, 'ledger_rows', [{ id: 'b', amount: 9_223_372_036_854_775_807n, note: 'big' }], '(id) DO UPDATE SET amount = excluded.amount, note = excluded.note');
      const rows = await db.query<{ id: string; amount: string; note: string | null }>('SELECT id, amount::text AS amount, note FROM ledger_rows ORDER BY id');
      expect(rows).toEqual([{ id: 'a', amount: '1', note: 'plain' }, { id: 'b', amount: '9223372036854775807', note: 'big' }]);
    } finally {
      await db.close();
    }
  });
});
