import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliInputError } from './read-json';
import { spring40Campaign } from '../simulate/spring40-scenario';
import { quote } from './quote.command';

const spring40 = spring40Campaign({ limits: {}, schedule: {} });

const cart = (tees: number) => ({
  at: '2026-03-20T12:00:00Z',
  currency: 'USD',
  lines: [
    { sku: 'TEE-1', category: 'fashion-apparel', quantity: tees, unitPrice: 2500 },
    { sku: 'SHOE-1', category: 'footwear', quantity: 1, unitPrice: 8000 },
  ],
  codes: ['SPRING40'],
  campaigns: [spring40],
});

describe('ledger quote <file>', () => {
  let dir: string;
  const write = async (name: string, content: unknown): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, JSON.stringify(content));
    return path;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ledger-quote-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('explains why three tees and shoes miss SPRING40 by 25.00 USD', async () => {
    const output = await quote(await write('three.json', cart(3)));
    expect(output.lines).toContain('  not_eligible: SPRING40 v1: eligible subtotal 75.00 USD is below 100.00 USD — 25.00 USD short');
    expect(output.lines.at(-1)).toBe('total 155.00 USD');
  });

  it('applies SPRING40 to four tees', async () => {
    const output = await quote(await write('four.json', cart(4)));
    expect(output.lines).toContain('TEE-1 ×4  100.00 USD  −40.00 USD  = 60.00 USD');
    expect(output.lines.at(-1)).toBe('total 140.00 USD');
  });

  it('refuses a campaign with senseless terms, naming it', async () => {
    const broken = { ...cart(4), campaigns: [{ ...spring40, benefit: { type: 'amount_off_order', amount: { USD: -1 } } }] };
    await expect(quote(await write('broken.json', broken))).rejects.toThrow(CliInputError);
    await expect(quote(await write('broken.json', broken))).rejects.toThrow(/campaign spring40: benefit\.amount\.USD/);
  });
});
