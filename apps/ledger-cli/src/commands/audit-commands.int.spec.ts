import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditReport } from '@promo-ledger/audit';
import { PgliteExecutor } from '@promo-ledger/event-store';
import { loadStorageConfig } from '../../../ledger-api/src/config/ledger-config';
import { openEventStore } from '../../../ledger-api/src/store/open-event-store';
import { replay } from './replay.command';
import { verify } from './verify.command';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const state = (subtotal: number, expected: number) => ({ subtotal: usd(subtotal), discounts: [], expectedTotal: usd(expected), evaluations: [] });

/** What a ledger answers for the SPRING40 order, cut to two steps. */
const report: AuditReport = {
  orderId: 'o1', mode: 'as-recorded', whatIf: null,
  steps: [
    { index: 0, position: '7/7', streamId: 'order-o1', type: 'OrderPlaced', occurredAt: '2026-03-20T12:03:00.000Z', data: {}, explanation: 'order placed', state: state(12900, 8900), divergence: null },
    { index: 1, position: '8/8', streamId: 'order-o1', type: 'ChargeRecorded', occurredAt: '2026-03-20T12:04:00.000Z', data: {}, explanation: 'charge psp-1 of 129.00 USD taken', state: state(12900, 8900), divergence: 'overcharged 40.00 USD' },
  ],
  quotedTotal: usd(8900), expectedTotal: usd(8900), charged: usd(12900), refunded: usd(0), delta: usd(4000),
  firstDivergence: { index: 1, reason: 'overcharged 40.00 USD' }, refundDue: usd(4000),
};

describe('ledger replay (against a stand-in ledger over HTTP)', () => {
  let server: Server;
  let url: string;
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push(`${request.url} ${request.headers.authorization}`);
      if (request.url === '/v1/orders/o1/audit') response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(report));
      else if (request.url === '/v1/orders/o1/audit.csv') response.writeHead(200, { 'content-type': 'text/csv' }).end('index,type\r\n0,OrderPlaced\r\n1,ChargeRecorded\r\n');
      else response.writeHead(404, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ code: 'ORDER.NOT_FOUND', detail: 'No order o2 is recorded in the ledger.' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('prints a table with the divergence marked and the refund due last, sending the key', async () => {
    const output = await replay('o1', { url, apiKey: 'finance-key' });
    expect(output.exitCode).toBe(0);
    expect(output.lines.find((line) => line.startsWith('>> 1'))).toMatch(/^>> 1\s+ChargeRecorded\s+129\.00 USD\s+89\.00 USD\s+charge psp-1/);
    expect(output.lines).toContain('      ↳ divergence: overcharged 40.00 USD');
    expect(output.lines.at(-1)).toBe('refund due: 40.00 USD');
    expect(seen).toContain('/v1/orders/o1/audit Bearer finance-key');
  });

  it('prints the CSV rows with --csv and the JSON with --json', async () => {
    expect((await replay('o1', { url, apiKey: 'k', format: 'csv' })).lines).toEqual(['index,type', '0,OrderPlaced', '1,ChargeRecorded']);
    expect(JSON.parse((await replay('o1', { url, apiKey: 'k', format: 'json' })).lines[0])).toEqual(report);
  });

  it('exits 1 with the problem sentence for an unknown order', async () => {
    expect(await replay('o2', { url, apiKey: 'k' })).toEqual({ exitCode: 1, lines: ['404 ORDER.NOT_FOUND: No order o2 is recorded in the ledger.'] });
  });
});

describe('ledger verify (embedded store)', () => {
  let dataDir: string;
  const priceSet = (sku: string, n: number) => ({
    type: 'PriceSet',
    data: { sku, price: usd(1000 + n), category: 'home', effectiveAt: '2026-03-01T00:00:00.000Z', reason: 'spec', setAt: '2026-03-01T00:00:00.000Z' },
    metadata: { eventId: `${sku}-${n}`, correlationId: 'spec', causationId: null, actor: null, idempotencyKey: null, occurredAt: '2026-03-01T00:00:00.000Z' },
  });
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-verify-'));
    const store = await openEventStore(loadStorageConfig({ LEDGER_DATA_DIR: dataDir }));
    await store.appendToStream('price-MUG-1', [priceSet('MUG-1', 1), priceSet('MUG-1', 2), priceSet('MUG-1', 3)], 'no_stream');
    await store.appendToStream('price-CUP-1', [priceSet('CUP-1', 1)], 'no_stream');
    await store.close();
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('exits 0 when every chain holds', async () => {
    expect(await verify({ LEDGER_DATA_DIR: dataDir })).toEqual({ exitCode: 0, lines: ['2 streams, 4 events checked: every hash chain holds'] });
  });

  it('exits 1 naming the tampered stream and revision', async () => {
    const executor = await PgliteExecutor.open(join(dataDir, 'pglite'));
    await executor.query(`UPDATE events SET data = jsonb_set(data::jsonb, '{price,amount}', '1')::json WHERE stream_id = 'price-MUG-1' AND revision = 1`);
    await executor.close();
    const output = await verify({ LEDGER_DATA_DIR: dataDir });
    expect(output.exitCode).toBe(1);
    expect(output.lines).toEqual([
      '2 streams, 4 events checked: 1 stream broken',
      '  price-MUG-1 at revision 1: hash does not match the content: the event was altered after it was written',
    ]);
  });
});
