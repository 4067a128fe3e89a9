/**
 * Runs work for the same key one at a time within this process. Commands on one stream would
 * otherwise race to append at the same revision and retry; serialising them here turns a burst on a
 * hot stream (a campaign budget at launch) into a queue, while the optimistic append still guards
 * against other processes.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
