import { Body, Controller, Get, Module, Post, Req } from '@nestjs/common';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { createHash } from 'node:crypto';
import { canonicalJson, type SqlExecutor, StoreUnavailableError } from '@promo-ledger/event-store';
import request from 'supertest';
import { SQL_DATABASE } from '../store/sql-database';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { Roles } from '../auth/roles.decorator';
import { createLedgerApp, MAX_BODY_BYTES } from '../bootstrap';
import { loadLedgerConfig } from '../config/ledger-config';

/** A probe route mounted into the real app so the shared pipeline (auth, parsing, validation, errors) is tested over HTTP. */
class ProbeBody {
  @IsString() @Length(1, 64) sku!: string;
  @IsInt() @Min(1) @Max(999) quantity!: number;
}

@Controller('probe')
class ProbeController {
  @Post('items')
  @Roles('checkout')
  add(@Body() body: ProbeBody, @Req() req: AuthenticatedRequest): { body: ProbeBody; actor: unknown } {
    return { body, actor: req.actor };
  }

  @Post('counted')
  @Roles('checkout')
  async counted(@Body() body: ProbeBody): Promise<{ run: number; sku: string }> {
    ProbeController.runs += 1;
    const run = ProbeController.runs;
    await new Promise((resolve) => setTimeout(resolve, 50)); // long enough for duplicates to overlap
    if (body.sku === 'CRASH') throw new Error('simulated failure');
    if (body.sku === 'STORE-DOWN') throw new StoreUnavailableError('postgres is unavailable: sorry, too many clients already');
    return { run, sku: body.sku };
  }

  static runs = 0;

  @Get('undeclared')
  undeclared(): { ok: true } {
    return { ok: true };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

const CHECKOUT_KEY = 'checkout-key-0123456789abcdef';
const SUPPORT_KEY = 'support-key-0123456789abcdef';
const ADMIN_KEY = 'admin-key-0123456789abcdef';
/** The key id the ledger derives from CHECKOUT_KEY (role + digest prefix), which scopes its Idempotency-Keys. */
const CHECKOUT_KEY_ID = `checkout:${createHash('sha256').update(CHECKOUT_KEY).digest('hex').slice(0, 8)}`;

describe('HTTP pipeline: auth, body parsing, validation, problem+json', () => {
  let app: INestApplication;
  let dataDir: string;
  const http = () => request(app.getHttpServer());
  const asCheckout = { Authorization: `Bearer ${CHECKOUT_KEY}` };
  let keyCounter = 0;
  /** A fresh Idempotency-Key per write unless a test is about reusing one. */
  const newKey = (): { 'Idempotency-Key': string } => ({ 'Idempotency-Key': `probe-key-${(keyCounter += 1)}-${Date.now()}` });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-pipeline-'));
    const config = loadLedgerConfig({
      LEDGER_API_KEYS: `checkout=${CHECKOUT_KEY},support=${SUPPORT_KEY},admin=${ADMIN_KEY}`,
      LOG_LEVEL: 'silent',
      LEDGER_DATA_DIR: dataDir,
    });
    app = await createLedgerApp(config, [ProbeModule]);
    await app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const expectProblem = (response: request.Response, status: number, code: string): Record<string, unknown> => {
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = JSON.parse(response.text) as Record<string, unknown>;
    expect(body).toMatchObject({ status, code });
    expect(typeof body.detail).toBe('string');
    return body;
  };

  describe('authentication and roles', () => {
    it('401 without a key', async () => {
      expectProblem(await http().post('/probe/items').send({ sku: 'A', quantity: 1 }), 401, 'UNAUTHENTICATED');
    });

    it('401 with an unknown key', async () => {
      const response = await http().post('/probe/items').set('Authorization', 'Bearer not-a-real-key-at-all').send({ sku: 'A', quantity: 1 });
      expectProblem(response, 401, 'UNAUTHENTICATED');
    });

    it('403 for a role the route does not allow, naming the roles that may', async () => {
      const response = await http().post('/probe/items').set('Authorization', `Bearer ${SUPPORT_KEY}`).set(newKey()).send({ sku: 'A', quantity: 1 });
      expect(expectProblem(response, 403, 'FORBIDDEN').detail).toMatch(/checkout/);
    });

    it('lets the allowed role in and exposes the actor as key id and role, never the key', async () => {
      const response = await http().post('/probe/items').set(asCheckout).set(newKey()).send({ sku: 'A', quantity: 2 }).expect(201);
      expect(response.body.actor).toEqual({ keyId: expect.stringMatching(/^checkout:[0-9a-f]{8}$/), role: 'checkout' });
      expect(response.text).not.toContain(CHECKOUT_KEY);
    });

    it('closes a route that declares no roles to everyone but admin', async () => {
      expectProblem(await http().get('/probe/undeclared').set(asCheckout), 403, 'FORBIDDEN');
      await http().get('/probe/undeclared').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(200);
    });
  });

  describe('bodies', () => {
    it('400 VALIDATION_FAILED listing every bad, missing and unknown field', async () => {
      const response = await http().post('/probe/items').set(asCheckout).set(newKey()).send({ quantity: 0, colour: 'red' });
      const body = expectProblem(response, 400, 'VALIDATION_FAILED');
      const fields = (body.errors as { field: string }[]).map((error) => error.field).sort();
      expect(fields).toEqual(['colour', 'quantity', 'sku']);
    });

    it('400 MALFORMED_JSON for a body that is not JSON', async () => {
      const response = await http().post('/probe/items').set(asCheckout).set(newKey()).set('Content-Type', 'application/json').send('{"sku": ');
      expectProblem(response, 400, 'MALFORMED_JSON');
    });

    it('reads an empty JSON body as {}: the missing fields are named, and a retry sending {} is the same request', async () => {
      const send = (body: string) => http().post('/probe/items').set(asCheckout).set('Idempotency-Key', 'empty-body-1').set('Content-Type', 'application/json').send(body);
      const fields = (expectProblem(await send(''), 400, 'VALIDATION_FAILED').errors as { field: string }[]).map((error) => error.field).sort();
      expect(fields).toEqual(['quantity', 'sku']);
      const retry = await send('{}');
      expect(retry.status).toBe(400);
      expect(retry.headers['idempotent-replayed']).toBe('true');
    });

    it('400 MALFORMED_JSON for JSON that is not an object or array', async () => {
      const response = await http().post('/probe/items').set(asCheckout).set(newKey()).set('Content-Type', 'application/json').send('"sku"');
      expectProblem(response, 400, 'MALFORMED_JSON');
    });

    it('413 PAYLOAD_TOO_LARGE above 64 KB', async () => {
      const response = await http().post('/probe/items').set(asCheckout).set(newKey()).send({ sku: 'A', quantity: 1, pad: 'x'.repeat(MAX_BODY_BYTES) });
      expectProblem(response, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('415 UNSUPPORTED_MEDIA_TYPE for a non-JSON body', async () => {
      const response = await http().post('/probe/items').set(asCheckout).set(newKey()).set('Content-Type', 'text/plain').send('sku=A');
      expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });
  });

  describe('Idempotency-Key', () => {
    const counted = (key: string, body: object) => http().post('/probe/counted').set(asCheckout).set('Idempotency-Key', key).send(body);

    it('is required on writes', async () => {
      const response = await http().post('/probe/items').set(asCheckout).send({ sku: 'A', quantity: 1 });
      expectProblem(response, 400, 'IDEMPOTENCY_KEY_REQUIRED');
    });

    it('replays the first response to a sequential retry without running the command again', async () => {
      const before = ProbeController.runs;
      const first = await counted('retry-sequential-1', { sku: 'A', quantity: 1 }).expect(201);
      const retry = await counted('retry-sequential-1', { sku: 'A', quantity: 1 }).expect(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(ProbeController.runs - before).toBe(1);
    });

    it('runs concurrent duplicates once and gives each the same answer', async () => {
      const before = ProbeController.runs;
      const responses = await Promise.all(Array.from({ length: 10 }, () => counted('retry-concurrent-1', { sku: 'B', quantity: 2 })));
      expect(responses.map((response) => response.status)).toEqual(Array(10).fill(201));
      expect(new Set(responses.map((response) => JSON.stringify(response.body))).size).toBe(1);
      expect(ProbeController.runs - before).toBe(1);
    });

    it('refuses the same key with another body (422) and runs nothing', async () => {
      await counted('retry-other-body', { sku: 'C', quantity: 1 }).expect(201);
      const before = ProbeController.runs;
      expectProblem(await counted('retry-other-body', { sku: 'C', quantity: 2 }), 422, 'IDEMPOTENCY_KEY_REUSED');
      expect(ProbeController.runs).toBe(before);
    });

    it('stores a refusal as the first answer too', async () => {
      const first = await counted('retry-refused', { sku: 'D', quantity: 0 });
      expectProblem(first, 400, 'VALIDATION_FAILED');
      const retry = await counted('retry-refused', { sku: 'D', quantity: 0 });
      expect(retry.status).toBe(400);
      expect(retry.headers['idempotent-replayed']).toBe('true');
    });

    it('lets a retry run again after a failure without an answer (5xx)', async () => {
      const before = ProbeController.runs;
      expectProblem(await counted('retry-after-crash', { sku: 'CRASH', quantity: 1 }), 500, 'INTERNAL_ERROR');
      expectProblem(await counted('retry-after-crash', { sku: 'CRASH', quantity: 1 }), 500, 'INTERNAL_ERROR');
      expect(ProbeController.runs - before).toBe(2);
    });

    it('answers a store outage with 503 STORE_UNAVAILABLE and Retry-After, without the driver\'s words, and lets the retry run', async () => {
      const before = ProbeController.runs;
      const outage = await counted('retry-after-outage', { sku: 'STORE-DOWN', quantity: 1 });
      expectProblem(outage, 503, 'STORE_UNAVAILABLE');
      expect(outage.headers['retry-after']).toBe('2');
      expect(outage.text).not.toMatch(/too many clients|postgres/);
      expectProblem(await counted('retry-after-outage', { sku: 'STORE-DOWN', quantity: 1 }), 503, 'STORE_UNAVAILABLE');
      expect(ProbeController.runs - before).toBe(2);
    });

    it('takes over a claim abandoned by a process that died mid-command', async () => {
      const db = app.get<SqlExecutor>(SQL_DATABASE);
      const scope = `${CHECKOUT_KEY_ID}:retry-abandoned`;
      const hash = createHash('sha256').update('POST /probe/counted\n').update(canonicalJson({ quantity: 1, sku: 'F' })).digest('hex');
      await db.query(`INSERT INTO idempotency_records (scope_key, request_hash, state, created_at) VALUES ($1, $2, 'in_progress', now() - interval '1 hour')`, [scope, hash]);
      const before = ProbeController.runs;
      await counted('retry-abandoned', { sku: 'F', quantity: 1 }).expect(201);
      expect(ProbeController.runs - before).toBe(1);
    });

    it('scopes keys to the caller: another key holder reusing the string is not a replay', async () => {
      await counted('retry-scoped', { sku: 'E', quantity: 1 }).expect(201);
      const other = await http().post('/probe/counted').set('Authorization', `Bearer ${ADMIN_KEY}`).set('Idempotency-Key', 'retry-scoped').send({ sku: 'E', quantity: 1 });
      expect(other.status).toBe(201);
      expect(other.headers['idempotent-replayed']).toBeUndefined();
    });
  });

  it('404 ROUTE_NOT_FOUND as problem+json', async () => {
    expectProblem(await http().get('/v1/nowhere').set(asCheckout), 404, 'ROUTE_NOT_FOUND');
  });

  it('echoes the caller’s correlation id, or makes one', async () => {
    const echoed = await http().get('/health/live').set('X-Correlation-Id', 'order-42.retry-1');
    expect(echoed.headers['x-correlation-id']).toBe('order-42.retry-1');
    const made = await http().get('/health/live');
    expect(made.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
