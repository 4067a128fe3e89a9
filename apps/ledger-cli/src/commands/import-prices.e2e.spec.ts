import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { EventStore, positionToString } from '@promo-ledger/event-store';
import { e2eStores } from '../../../../test/support/e2e-storage';
import { type E2eLedger, startE2eLedger } from '../../../../test/support/e2e-ledger';
import { LedgerClient } from '../http/ledger-client';
import { type ImportProgress, importPrices } from './import-prices.command';

const PRICING = 'pricing-key-cli-import-0123456789';
const CHECKOUT = 'checkout-key-cli-import-0123456789';
const HEADER = 'sku,amount,currency,category,effectiveAt,reason';
/** More rows than one POST /v1/prices/batch takes (500), so every file here is sent in chunks. */
const ROWS = 700;

const sku = (n: number) => `SKU-${String(n).padStart(4, '0')}`;
/** 10.00, 10.01, … USD; the last row carries a reason with a comma (quoted) and an effective instant. */
const priceLine = (n: number) => (n === ROWS ? `${sku(n)},${10 + n / 100},USD,fashion-apparel,2026-01-01T00:00:00Z,"spring range, wave 2"` : `${sku(n)},${(1000 + n) / 100},USD,fashion-apparel,,`);
const priceList = (edit: (n: number, line: string) => string = (_n, line) => line) => [HEADER, ...Array.from({ length: ROWS }, (_, i) => edit(i + 1, priceLine(i + 1)))].join('\n');

/** `ledger import prices` against the whole ledger over real HTTP. */
describe.each(e2eStores())('ledger import prices on %s', (store) => {
  let app: INestApplication;
  let ledger: E2eLedger;
  let dir: string;
  let client: LedgerClient;
  const head = async () => positionToString(await app.get(EventStore).headPosition());
  const file = async (name: string, content: string) => {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  };
  const recorder = () => {
    const seen: number[] = [];
    const progress: ImportProgress = { start: () => undefined, advance: (imported) => seen.push(imported), stop: () => undefined };
    return { seen, progress };
  };

  beforeAll(async () => {
    ledger = await startE2eLedger(store, `pricing=${PRICING},checkout=${CHECKOUT}`);
    app = ledger.app;
    client = new LedgerClient({ baseUrl: await app.getUrl(), apiKey: PRICING });
    dir = await mkdtemp(join(tmpdir(), 'ledger-import-'));
  });
  afterAll(async () => {
    await ledger.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('imports a good file whole, in chunks with progress; the prices are in the ledger; re-running it appends nothing', async () => {
    const path = await file('good.csv', priceList());
    const { seen, progress } = recorder();
    const output = await importPrices(path, client, progress);
    expect(output.exitCode).toBe(0);
    expect(output.lines).toEqual([expect.stringMatching(new RegExp(`good\\.csv: imported ${ROWS} prices for ${ROWS} skus in 2 batches in \\d+\\.\\d s$`))]);
    expect(seen).toEqual([500, ROWS]);
    await expect(client.get(`/v1/prices/${sku(1)}`)).resolves.toMatchObject({ currency: 'USD', current: { price: { amount: 1001, currency: 'USD' }, category: 'fashion-apparel', priceVersion: 1 } });
    await expect(client.get(`/v1/prices/${sku(ROWS)}`)).resolves.toMatchObject({ current: { price: { amount: 1700, currency: 'USD' }, reason: 'spring range, wave 2', effectiveAt: '2026-01-01T00:00:00Z' } });

    // a re-run after a crash: each chunk's Idempotency-Key comes from the file's hash, so the ledger replays instead of appending
    const before = await head();
    expect((await importPrices(path, client)).exitCode).toBe(0);
    expect(await head()).toBe(before);
  });

  it('imports none of a file with one bad line among many, and the report names the line, the column and the fix', async () => {
    const before = await head();
    const path = await file('one-bad.csv', priceList((n, line) => (n === 450 ? `${sku(n)},12.345,USD,fashion-apparel,,` : line)));
    const output = await importPrices(path, client);
    expect(output.exitCode).toBe(2);
    expect(output.lines).toEqual([
      `${path}: 1 of ${ROWS} lines are wrong, so nothing was imported; fix every line below and run the import again.`,
      '  line 451, amount: "12.345" has 3 decimals, USD has 2; round it to 2, like 129.00',
    ]);
    expect(await head()).toBe(before);
  });

  it('imports none when a late line would change a sku’s currency in the ledger (the check spans every chunk)', async () => {
    const before = await head();
    const path = await file('late-currency.csv', priceList((n, line) => (n === 650 ? `${sku(1)},9.00,EUR,fashion-apparel,,` : line.replace(/^SKU-/, 'NEW-'))));
    const output = await importPrices(path, client);
    expect(output.exitCode).toBe(2);
    expect(output.lines.slice(1)).toEqual([`  line 651, currency: ${sku(1)} is priced in USD; give the price in USD (a sku keeps one currency).`]);
    expect(await head()).toBe(before);
  });

  it('says which file it cannot read (exit 2), and that nothing was imported when the ledger refuses the writes (exit 2)', async () => {
    await expect(importPrices(join(dir, 'missing.csv'), client)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/cannot read .*missing\.csv: ENOENT/) });
    const before = await head();
    const checkout = new LedgerClient({ baseUrl: await app.getUrl(), apiKey: CHECKOUT });
    await expect(importPrices(await file('small.csv', `${HEADER}\nNEW-1,1.00,USD,x,,`), checkout)).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/^POST \/v1\/prices\/batch answered 403 FORBIDDEN: .* \(nothing was imported; run the same file again once fixed/),
    });
    expect(await head()).toBe(before);
  });
});
