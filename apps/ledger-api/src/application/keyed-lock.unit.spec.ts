import { KeyedLock } from './keyed-lock';

describe('KeyedLock', () => {
  it('runs work for one key one at a time, in arrival order', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const task = (name: string, ms: number) => lock.run('stream-a', async () => {
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.push(`end ${name}`);
    });
    await Promise.all([task('1', 20), task('2', 1), task('3', 5)]);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('lets different keys run side by side', async () => {
    const lock = new KeyedLock();
    let inside = 0;
    let most = 0;
    const task = (key: string) => lock.run(key, async () => {
      inside += 1;
      most = Math.max(most, inside);
      await new Promise((resolve) => setTimeout(resolve, 10));
      inside -= 1;
    });
    await Promise.all([task('a'), task('b'), task('c')]);
    expect(most).toBe(3);
  });

  it('keeps going after a failure and passes the failure to its caller', async () => {
    const lock = new KeyedLock();
    await expect(lock.run('k', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock.run('k', () => Promise.resolve(42))).resolves.toBe(42);
  });
});
