import { KeyedTurns, type Settled } from './keyed-turns';

const later = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('KeyedTurns', () => {
  it('gives one key one turn at a time, and everything that queued during a turn goes together in the next, in arrival order', async () => {
    const turns: string[][] = [];
    let inside = 0;
    const queue = new KeyedTurns<string, string>(async (_key, items) => {
      inside += 1;
      expect(inside).toBe(1);
      turns.push([...items]);
      await later(10);
      inside -= 1;
      return items.map((item): Settled<string> => ({ ok: true, value: `done ${item}` }));
    });
    const first = queue.submit('budget-a', '1');
    await later(1);
    const rest = ['2', '3', '4'].map((item) => queue.submit('budget-a', item));
    expect(await Promise.all([first, ...rest])).toEqual(['done 1', 'done 2', 'done 3', 'done 4']);
    expect(turns).toEqual([['1'], ['2', '3', '4']]);
  });

  it('lets different keys take turns side by side', async () => {
    let inside = 0;
    let most = 0;
    const queue = new KeyedTurns<string, number>(async (_key, items) => {
      inside += 1;
      most = Math.max(most, inside);
      await later(10);
      inside -= 1;
      return items.map(() => ({ ok: true, value: 1 }));
    });
    await Promise.all(['a', 'b', 'c'].map((key) => queue.submit(key, key)));
    expect(most).toBe(3);
  });

  it('answers each item with its own outcome, fails a whole turn that throws, and keeps going', async () => {
    const queue = new KeyedTurns<number, number>(async (_key, items) => {
      await later(1);
      if (items.includes(13)) throw new Error('unlucky turn');
      return items.map((item): Settled<number> => (item % 2 === 0 ? { ok: true, value: item * 10 } : { ok: false, error: new Error(`odd ${item}`) }));
    });
    const outcomes = await Promise.allSettled([queue.submit('k', 2), queue.submit('k', 3), queue.submit('k', 4)]);
    expect(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : String(outcome.reason)))).toEqual([20, 'Error: odd 3', 40]);
    await expect(queue.submit('k', 13)).rejects.toThrow('unlucky turn');
    await expect(queue.submit('k', 8)).resolves.toBe(80);
  });

  it('splits a long queue into turns of at most maxPerTurn', async () => {
    const sizes: number[] = [];
    const queue = new KeyedTurns<number, number>(async (_key, items) => {
      sizes.push(items.length);
      await later(5);
      return items.map((item) => ({ ok: true, value: item }));
    }, 3);
    const first = queue.submit('k', 0);
    await later(1);
    await Promise.all([first, ...[1, 2, 3, 4, 5, 6, 7].map((item) => queue.submit('k', item))]);
    expect(sizes).toEqual([1, 3, 3, 1]);
  });
});
