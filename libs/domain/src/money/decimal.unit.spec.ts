import { parseDecimalAmount } from './decimal';

describe('parseDecimalAmount', () => {
  it.each([
    ['129.00', 'USD', 12900],
    ['129', 'USD', 12900],
    ['129.5', 'USD', 12950],
    ['0.01', 'USD', 1],
    [' 89.00 ', 'EUR', 8900],
    ['1500', 'JPY', 1500],
    ['1.250', 'KWD', 1250],
    ['-40.00', 'USD', -4000],
    ['9007199254740.99', 'USD', 900719925474099],
  ])('reads %s %s as %i minor units', (text, currency, amount) => {
    expect(parseDecimalAmount(text, currency)).toEqual({ money: { amount, currency } });
  });

  it.each([
    ['129.005', 'USD', /"129\.005" has 3 decimals, USD has 2; round it to 2, like 129\.00/],
    ['1500.5', 'JPY', /JPY has no minor unit; write a whole number, like 1500/],
    ['12,90', 'USD', /"12,90" is not a decimal amount; write digits with a dot before the USD minor units, like 129\.00/],
    ['$129', 'USD', /is not a decimal amount/],
    ['', 'USD', /is not a decimal amount/],
    ['1e3', 'USD', /is not a decimal amount/],
    ['129.00', 'XYZ', /XYZ is not a supported currency/],
    ['90071992547409.92', 'USD', /too large/],
  ])('refuses %s %s with a sentence saying how to write it', (text, currency, problem) => {
    const parsed = parseDecimalAmount(text, currency);
    expect('problem' in parsed && parsed.problem).toMatch(problem);
  });
});
