import { decideRows, readPriceRows } from './price-rows';

const now = '2026-03-20T12:00:00Z';
const usd = (amount: number) => ({ amount, currency: 'USD' });

describe('reading a price list CSV', () => {
  it('reads every row into minor units, with optional effectiveAt and reason (a quoted reason may hold a comma)', () => {
    const csv = ['sku,amount,currency,category,effectiveAt,reason', 'DRESS-1,129.00,USD,fashion-apparel,,', 'TEE-1,25,USD,fashion-apparel,2026-04-01T00:00:00Z,"spring range, wave 2"', 'RICE-1,1500,JPY,grocery,,'].join('\n');
    expect(readPriceRows(csv)).toEqual({
      rows: [
        { line: 2, sku: 'DRESS-1', price: usd(12900), category: 'fashion-apparel' },
        { line: 3, sku: 'TEE-1', price: usd(2500), category: 'fashion-apparel', effectiveAt: '2026-04-01T00:00:00Z', reason: 'spring range, wave 2' },
        { line: 4, sku: 'RICE-1', price: { amount: 1500, currency: 'JPY' }, category: 'grocery' },
      ],
      problems: [],
    });
  });

  it('takes the columns in any order and in any case, without the optional ones', () => {
    expect(readPriceRows('Category,SKU,currency,amount\nfashion-apparel,DRESS-1,USD,129.50\n').rows).toEqual([
      { line: 2, sku: 'DRESS-1', price: usd(12950), category: 'fashion-apparel' },
    ]);
  });

  it('reports every bad cell with its line, column and what to do, keeping the good rows apart', () => {
    const csv = [
      'sku,amount,currency,category,effectiveAt',
      'DRESS-1,129.00,USD,fashion-apparel,',
      'bad sku!,12,90,USD,fashion-apparel,',
      'TEE-1,25.001,USD,fashion-apparel,',
      'TEE-2,25.00,usd,,tomorrow',
      'TEE-3,-1.00,XYZ,fashion-apparel,',
      'TEE-4,-1.00,USD,fashion-apparel,',
    ].join('\n');
    const { rows, problems } = readPriceRows(csv);
    expect(rows.map((row) => row.line)).toEqual([2]);
    expect(problems.map(({ line, column }) => `${line}:${column}`)).toEqual(['3:-', '4:amount', '5:currency', '5:category', '5:effectiveAt', '6:currency', '7:amount']);
    expect(problems[0].problem).toMatch(/6 cells but the header has 5; quote a value that contains a comma/);
    expect(problems[1].problem).toMatch(/"25\.001" has 3 decimals, USD has 2; round it to 2/);
    expect(problems[4].problem).toMatch(/"tomorrow" is not an ISO-8601 instant; write it like 2026-04-01T00:00:00Z/);
    expect(problems[5].problem).toMatch(/XYZ is not a supported currency/);
    expect(problems[6].problem).toMatch(/negative; a price is zero or more/);
  });

  it('names a missing or unknown header column on line 1', () => {
    expect(readPriceRows('sku,price,currency,category\nA,1,USD,x').problems).toEqual([
      { line: 1, column: 'price', problem: expect.stringMatching(/^unknown column; the columns are sku, amount/) },
      { line: 1, column: 'amount', problem: expect.stringMatching(/^missing column/) },
    ]);
    expect(readPriceRows('').problems).toEqual([{ line: 1, column: '-', problem: expect.stringMatching(/empty; start it with the header/) }]);
  });
});

describe('deciding the rows with the price rules', () => {
  const rowsOf = (csv: string) => readPriceRows(`sku,amount,currency,category\n${csv}`).rows;

  it('accepts new skus and skus keeping their ledger currency', () => {
    expect(decideRows(rowsOf('A,1.00,USD,x\nB,2.00,EUR,x'), new Map([['B', 'EUR']]), now)).toEqual([]);
  });

  it('refuses a sku priced in two currencies in the file, or in another currency than in the ledger, naming the line', () => {
    expect(decideRows(rowsOf('A,1.00,USD,x\nA,1.00,EUR,x\nB,2.00,EUR,x'), new Map([['B', 'USD']]), now)).toEqual([
      { line: 3, column: 'currency', problem: 'A is priced in USD; give the price in USD (a sku keeps one currency).' },
      { line: 4, column: 'currency', problem: 'B is priced in USD; give the price in USD (a sku keeps one currency).' },
    ]);
  });
});
