import { CliInputError } from '../commands/read-json';
import { simulationOptions } from './simulate.command';

describe('ledger simulate spring40: options', () => {
  it('defaults: 2,000 shoppers, 15 % of discount-due orders hit after 40 % of the shoppers, seed 42', () => {
    expect(simulationOptions({ runTag: 'r1' })).toMatchObject({ size: 2000, faultShare: 0.15, faultAfter: 0.4, seed: 42, speed: 0, runTag: 'r1' });
  });

  it.each([
    [{ size: 'many' }, '--size must be a whole number from 10'],
    [{ faultShare: '1.5' }, '--fault-share must be a number from 0 to 1'],
    [{ concurrency: '0' }, '--concurrency must be a whole number from 1'],
    [{ runTag: 'Has Spaces' }, '--run-tag must be 1–24 lowercase'],
  ])('%j is refused with a sentence naming the flag', (flags, sentence) => {
    expect(() => simulationOptions(flags)).toThrow(CliInputError);
    expect(() => simulationOptions(flags)).toThrow(sentence);
  });
});
