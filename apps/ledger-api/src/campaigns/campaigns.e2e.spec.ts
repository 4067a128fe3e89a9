import type { INestApplication } from '@nestjs/common';
import { campaignStream } from '@promo-ledger/domain';
import { EventStore } from '@promo-ledger/event-store';
import request from 'supertest';
import { e2eStores } from '../../../../test/support/e2e-storage';
import { type E2eLedger, startE2eLedger } from '../../../../test/support/e2e-ledger';

const MARKETING = 'marketing-key-0123456789abcdef';
const SUPPORT = 'support-key-0123456789abcdef';

const spring40 = (id: string) => ({
  id,
  name: 'Spring 40',
  advertisedText: '40 USD off any purchase over 100 USD in Fashion & Apparel',
  target: { categories: ['fashion-apparel'], skus: [], excludeSkus: [] },
  conditions: { minSubtotal: { USD: 10000 }, minQuantity: 1 },
  benefit: { type: 'amount_off_order', amount: { USD: 4000 } },
  stacking: { mode: 'exclusive', priority: 10 },
  limits: { maxRedemptions: 50000, maxDiscount: { USD: 2000000 }, perCustomer: 1 },
  schedule: { startsAt: '2026-03-15T10:00:00Z', endsAt: '2026-12-31T23:59:59Z' },
  codes: { type: 'public', code: 'SPRING40' },
});

const { id: _id, name: _name, codes: _codes, ...spring40Terms } = spring40('x');

describe.each(e2eStores())('campaigns over HTTP (marketing) on %s', (store) => {
  let app: INestApplication;
  let ledger: E2eLedger;
  let keyCounter = 0;
  const http = () => request(app.getHttpServer());
  const as = (key: string) => ({ Authorization: `Bearer ${key}`, 'Idempotency-Key': `campaigns-${(keyCounter += 1)}` });
  const streamVersion = async (id: string): Promise<number> => (await app.get(EventStore).readStream(campaignStream(id))).length - 1;

  beforeAll(async () => {
    ledger = await startE2eLedger(store, `marketing=${MARKETING},support=${SUPPORT}`);
    app = ledger.app;
  });
  afterAll(async () => {
    await ledger.close();
  });

  it('creates SPRING40 as a draft with terms version 1, version, position and an ETag', async () => {
    const response = await http().post('/v1/campaigns').set(as(MARKETING)).send(spring40('spring40')).expect(201);
    expect(response.body).toMatchObject({ id: 'spring40', status: 'draft', termsVersion: 1, version: 0, benefit: { type: 'amount_off_order', amount: { USD: 4000 } } });
    expect(response.body.position).toMatch(/^\d+\/\d+$/);
    expect(response.headers.etag).toBe('"0"');
  });

  it('reads it back for support, with the ETag', async () => {
    const response = await http().get('/v1/campaigns/spring40').set('Authorization', `Bearer ${SUPPORT}`).expect(200);
    expect(response.body).toMatchObject({ id: 'spring40', name: 'Spring 40', codes: { type: 'public', code: 'SPRING40' } });
    expect(response.headers.etag).toBe('"0"');
  });

  it('revises terms to version 2 under If-Match, and refuses a stale If-Match with 412 appending nothing', async () => {
    const revised = { ...spring40Terms, benefit: { type: 'amount_off_order', amount: { USD: 4500 } } };
    const ok = await http().put('/v1/campaigns/spring40/terms').set(as(MARKETING)).set('If-Match', '"0"').send(revised).expect(200);
    expect(ok.body).toMatchObject({ termsVersion: 2, version: 1, benefit: { amount: { USD: 4500 } } });
    const stale = await http().put('/v1/campaigns/spring40/terms').set(as(MARKETING)).set('If-Match', '"0"').send(spring40Terms);
    expect(stale.status).toBe(412);
    expect(JSON.parse(stale.text)).toMatchObject({ code: 'PRECONDITION_FAILED', currentVersion: 1 });
    expect(await streamVersion('spring40')).toBe(1);
  });

  it('activates, pauses and ends; a second activation is a 409 that appends nothing', async () => {
    await http().post('/v1/campaigns/spring40/activate').set(as(MARKETING)).expect(200);
    const again = await http().post('/v1/campaigns/spring40/activate').set(as(MARKETING));
    expect(again.status).toBe(409);
    expect(JSON.parse(again.text)).toMatchObject({ code: 'CAMPAIGN.INVALID_TRANSITION' });
    const before = await streamVersion('spring40');
    await http().post('/v1/campaigns/spring40/pause').set(as(MARKETING)).send({ reason: 'leaked' }).expect(200);
    const ended = await http().post('/v1/campaigns/spring40/end').set(as(MARKETING)).send({}).expect(200);
    expect(ended.body.status).toBe('ended');
    expect(await streamVersion('spring40')).toBe(before + 2);
  });

  it('refuses senseless terms with 400 naming each problem, and creates nothing', async () => {
    const broken = { ...spring40('broken'), benefit: { type: 'percent_off_items', percent: 120 }, schedule: { startsAt: '2026-04-01T00:00:00Z', endsAt: '2026-03-01T00:00:00Z' } };
    const response = await http().post('/v1/campaigns').set(as(MARKETING)).send(broken);
    expect(response.status).toBe(400);
    const body = JSON.parse(response.text);
    expect(body.code).toBe('CAMPAIGN.INVALID_TERMS');
    expect(JSON.stringify(body.problems)).toMatch(/benefit\.percent/);
    expect(JSON.stringify(body.problems)).toMatch(/schedule\.endsAt/);
    expect(await streamVersion('broken')).toBe(-1);
  });

  it('refuses malformed bodies before the domain: unknown fields, missing sections, bad amounts', async () => {
    const response = await http().post('/v1/campaigns').set(as(MARKETING)).send({ ...spring40('malformed'), colour: 'red', target: undefined, conditions: { minSubtotal: { USD: 99.5 } } });
    expect(response.status).toBe(400);
    const fields = (JSON.parse(response.text).errors as { field: string }[]).map((error) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['colour', 'target', 'conditions.minSubtotal']));
    expect(await streamVersion('malformed')).toBe(-1);
  });

  it('refuses a duplicate id with 409', async () => {
    const response = await http().post('/v1/campaigns').set(as(MARKETING)).send(spring40('spring40'));
    expect(response.status).toBe(409);
    expect(JSON.parse(response.text).code).toBe('CAMPAIGN.ALREADY_EXISTS');
  });

  it('refuses a public code another campaign already owns (409), creating nothing', async () => {
    const response = await http().post('/v1/campaigns').set(as(MARKETING)).send({ ...spring40('spring40-copy'), codes: { type: 'public', code: 'SPRING40' } });
    expect(response.status).toBe(409);
    expect(JSON.parse(response.text).code).toBe('CAMPAIGN.CODE_TAKEN');
    expect(await streamVersion('spring40-copy')).toBe(-1);
  });

  it('404 for a campaign that does not exist', async () => {
    const response = await http().get('/v1/campaigns/nope').set('Authorization', `Bearer ${SUPPORT}`);
    expect(response.status).toBe(404);
    expect(JSON.parse(response.text).code).toBe('CAMPAIGN.NOT_FOUND');
  });

  it('forbids support from writing campaigns', async () => {
    const response = await http().post('/v1/campaigns').set(as(SUPPORT)).send(spring40('by-support'));
    expect(response.status).toBe(403);
    expect(await streamVersion('by-support')).toBe(-1);
  });

  it('issues single-use codes with the prefix for a unique-code campaign; refuses for a public one', async () => {
    await http().post('/v1/campaigns').set(as(MARKETING)).send({ ...spring40('vip'), codes: { type: 'unique', prefix: 'VIP-' } }).expect(201);
    const issued = await http().post('/v1/campaigns/vip/codes').set(as(MARKETING)).send({ count: 25 }).expect(201);
    expect(issued.body.codes).toHaveLength(25);
    expect(new Set(issued.body.codes).size).toBe(25);
    for (const code of issued.body.codes as string[]) expect(code).toMatch(/^VIP-[A-HJ-NP-Z2-9]{10}$/);
    const refused = await http().post('/v1/campaigns/spring40/codes').set(as(MARKETING)).send({ count: 5 });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(JSON.parse(refused.text).code).toMatch(/^CAMPAIGN\./);
  });
});
