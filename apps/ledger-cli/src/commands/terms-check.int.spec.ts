import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliInputError, termsCheck } from './terms-check.command';

const spring40 = {
  id: 'spring40',
  name: 'Spring 40',
  advertisedText: '40 USD off any purchase over 100 USD in Fashion & Apparel',
  target: { categories: ['fashion-apparel'], skus: [], excludeSkus: [] },
  conditions: { minSubtotal: { USD: 10000 }, minQuantity: 1 },
  benefit: { type: 'amount_off_order', amount: { USD: 4000 } },
  stacking: { mode: 'exclusive', priority: 10 },
  limits: { maxRedemptions: 50000, perCustomer: 1 },
  schedule: { startsAt: '2026-03-15T10:00:00Z', endsAt: '2026-03-31T23:59:59Z' },
  codes: { type: 'public', code: 'SPRING40' },
};

describe('ledger terms check <file>', () => {
  let dir: string;
  const write = async (name: string, content: string): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ledger-cli-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('accepts the SPRING40 campaign', async () => {
    const output = await termsCheck(await write('ok.json', JSON.stringify(spring40)));
    expect(output.exitCode).toBe(0);
    expect(output.lines[0]).toMatch(/terms are valid/);
  });

  it('lists every problem of senseless terms and exits 1', async () => {
    const bad = { ...spring40, benefit: { type: 'percent_off_items', percent: 120 }, schedule: { startsAt: '2026-04-01T00:00:00Z', endsAt: '2026-03-01T00:00:00Z' } };
    const output = await termsCheck(await write('bad.json', JSON.stringify(bad)));
    expect(output.exitCode).toBe(1);
    expect(output.lines.join('\n')).toMatch(/benefit\.percent/);
    expect(output.lines.join('\n')).toMatch(/schedule\.endsAt/);
  });

  it('names missing sections instead of crashing', async () => {
    const output = await termsCheck(await write('partial.json', JSON.stringify({ name: 'x', advertisedText: 'y', benefit: {} })));
    expect(output.exitCode).toBe(1);
    expect(output.lines.join('\n')).toMatch(/target: add an object/);
  });

  it('says which file is not JSON', async () => {
    const path = await write('broken.json', '{ "name": ');
    await expect(termsCheck(path)).rejects.toThrow(CliInputError);
    await expect(termsCheck(path)).rejects.toThrow(/broken\.json is not valid JSON/);
  });
});
