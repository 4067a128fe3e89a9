export type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

interface Waiting<Item, Result> {
  readonly item: Item;
  readonly resolve: (value: Result) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Work for one key takes turns within this process, and everything that queued for the key during
 * a turn goes together in the next one (write combining). Commands on a hot stream — a campaign's
 * budget while every checkout reserves on it — then cost one read and one append per turn instead
 * of one each, while the optimistic append still guards against other processes.
 */
export class KeyedTurns<Item, Result> {
  private readonly waiting = new Map<string, Waiting<Item, Result>[]>();

  /** `takeTurn` answers each item of a turn, in order; a throw fails the whole turn. */
  constructor(
    private readonly takeTurn: (key: string, items: readonly Item[]) => Promise<readonly Settled<Result>[]>,
    private readonly maxPerTurn = 64,
  ) {}

  submit(key: string, item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      const queue = this.waiting.get(key);
      if (queue !== undefined) {
        queue.push({ item, resolve, reject });
        return;
      }
      this.waiting.set(key, [{ item, resolve, reject }]);
      void this.drain(key);
    });
  }

  /** Runs turns for the key until nothing waits; the key's entry exists exactly while it is busy. */
  private async drain(key: string): Promise<void> {
    const queue = this.waiting.get(key) ?? [];
    while (queue.length > 0) {
      const turn = queue.splice(0, this.maxPerTurn);
      try {
        const settled = await this.takeTurn(key, turn.map((waiting) => waiting.item));
        turn.forEach((waiting, index) => {
          const outcome = settled[index];
          if (outcome.ok) waiting.resolve(outcome.value);
          else waiting.reject(outcome.error);
        });
      } catch (error) {
        for (const waiting of turn) waiting.reject(error);
      }
    }
    this.waiting.delete(key);
  }
}
