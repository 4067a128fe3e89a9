import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LedgerClient, ledgerClientConfig, LedgerRequestError } from './ledger-client';

/** A local HTTP server answering what each test sets, recording what the client sent. */
describe('LedgerClient (the CLI commands’ HTTP client)', () => {
  let server: Server;
  let baseUrl: string;
  let answer: { status: number; type: string; body: string };
  let received: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string };

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received = { method: request.method, url: request.url, headers: request.headers, body };
        response.writeHead(answer.status, { 'Content-Type': answer.type }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const problem = (status: number, code: string, detail: string) => ({
    status, type: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', status, code, detail }),
  });
  const failureOf = async (work: Promise<unknown>): Promise<LedgerRequestError> => {
    const error: unknown = await work.then(() => null, (caught: unknown) => caught);
    if (!(error instanceof LedgerRequestError)) throw new Error(`expected a LedgerRequestError, got ${String(error)}`);
    return error;
  };

  it('reads LEDGER_URL and LEDGER_API_KEY, defaulting to http://127.0.0.1:3000 without a key', () => {
    expect(ledgerClientConfig({})).toEqual({ baseUrl: 'http://127.0.0.1:3000' });
    expect(ledgerClientConfig({ LEDGER_URL: 'http://ledger:8080/', LEDGER_API_KEY: 'k' })).toEqual({ baseUrl: 'http://ledger:8080', apiKey: 'k' });
  });

  it('sends the key as a bearer token, the query, and on a write the Idempotency-Key and JSON body', async () => {
    answer = { status: 200, type: 'application/json', body: '{"ok":true}' };
    const client = new LedgerClient({ baseUrl, apiKey: 'finance-key' });
    await expect(client.get('/v1/mismatches', { status: 'open', cursor: undefined })).resolves.toEqual({ ok: true });
    expect(received).toMatchObject({ method: 'GET', url: '/v1/mismatches?status=open', headers: { authorization: 'Bearer finance-key' } });
    await client.post('/v1/prices/batch', { prices: [] }, { idempotencyKey: 'import-abc-0' });
    expect(received).toMatchObject({ method: 'POST', headers: { 'idempotency-key': 'import-abc-0', 'content-type': 'application/json' }, body: '{"prices":[]}' });
  });

  it('turns a 4xx problem into one sentence with its code, exit 2, keeping the problem', async () => {
    answer = problem(422, 'PRICE.BATCH_REJECTED', '1 of 3 prices would be refused, so none was set.');
    const error = await failureOf(new LedgerClient({ baseUrl, apiKey: 'k' }).post('/v1/prices/batch', {}, { idempotencyKey: 'import-abc-1' }));
    expect(error.message).toBe('POST /v1/prices/batch answered 422 PRICE.BATCH_REJECTED: 1 of 3 prices would be refused, so none was set.');
    expect(error.exitCode).toBe(2);
    expect(error.problem).toMatchObject({ code: 'PRICE.BATCH_REJECTED' });
  });

  it('says to set LEDGER_API_KEY on a 401 without one', async () => {
    answer = problem(401, 'UNAUTHENTICATED', 'Send a bearer key.');
    const error = await failureOf(new LedgerClient({ baseUrl }).get('/v1/mismatches'));
    expect(error.message).toMatch(/answered 401 UNAUTHENTICATED: Send a bearer key\. Set LEDGER_API_KEY/);
    expect(error.exitCode).toBe(2);
  });

  it('exits 1 on a 5xx, pointing at the ledger’s health', async () => {
    answer = problem(503, 'STORE_UNAVAILABLE', 'The event store is not answering; retry shortly.');
    const error = await failureOf(new LedgerClient({ baseUrl }).get('/v1/mismatches'));
    expect(error.exitCode).toBe(1);
    expect(error.message).toMatch(/answered 503 STORE_UNAVAILABLE: .*healthy \(GET \/health\/ready\)\?/);
  });

  it('exits 1 when nothing listens, asking whether the ledger is running there', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await failureOf(new LedgerClient({ baseUrl: url }).get('/v1/mismatches'));
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(`cannot reach the ledger (ECONNREFUSED); is the ledger running at ${url}? Set LEDGER_URL to where it listens.`);
  });
});
