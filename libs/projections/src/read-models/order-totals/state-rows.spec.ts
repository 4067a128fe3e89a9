import { PgliteExecutor } from '@promo-ledger/event-store';
import type { RowMapping } from './state-rows';
import { StateRows } from './state-rows';

interface Counter {
  readonly count: number;
}

const mapping: RowMapping<Counter> = {
  key: 'id',
  toRow: (id, state, position) => ({ id, state, position }),
  fromRow: (row) => ({ key: String(row.id), state: row.state as Counter }),
};

const at = (n: number) => ({ commit: BigInt(n), prepare: BigInt(n) });

describe('StateRows started from the batch before it, whose writes are not in the table yet', () => {
  let db: PgliteExecutor;

  beforeAll(async () => {
    db = await PgliteExecutor.open();
    await db.query('CREATE TABLE counters (id text PRIMARY KEY, state jsonb NOT NULL, position text NOT NULL)');
  });
  afterAll(() => db.close());

  it('takes what that batch changed and removed from it, and everything else from the table', async () => {
    const first = new StateRows('counters', mapping);
    for (const id of ['kept', 'changed', 'removed']) first.update(id, at(1), () => ({ count: 1 }));
    await first.save(db);

    const previous = new StateRows('counters', mapping);
    await previous.loadKeys(db, ['changed', 'removed']);
    previous.update('changed', at(2), (state) => ({ count: (state?.count ?? 0) + 1 }));
    previous.update('created', at(2), () => ({ count: 1 }));
    previous.remove('removed');

    // `previous` is not written: the table still says changed = 1, removed exists, created does not
    const next = new StateRows('counters', mapping, previous);
    await next.loadKeys(db, ['kept', 'changed', 'removed', 'created']);
    expect(['kept', 'changed', 'removed', 'created'].map((id) => next.get(id)?.count)).toEqual([1, 2, undefined, 1]);
    expect(next.includes('changed', at(2))).toBe(true);

    await previous.save(db);
    next.update('changed', at(3), (state) => ({ count: (state?.count ?? 0) + 1 }));
    next.remove('created');
    await next.save(db);
    expect(await db.query('SELECT id, state FROM counters ORDER BY id')).toEqual([
      { id: 'changed', state: { count: 3 } },
      { id: 'kept', state: { count: 1 } },
    ]);
  });
});
