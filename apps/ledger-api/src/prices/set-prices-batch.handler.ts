import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { priceDecider, type PriceState, priceStream, type SetPrice } from '@promo-ledger/domain';
import { Clock } from '../application/clock';
import type { CommandMetadata } from '../application/command-metadata';
import { statusOfRejection } from '../application/rejection-status';
import { StreamRunner } from '../application/stream-runner';
import { ProblemException } from '../http/problem';
import { pricedSku } from './priced-sku';

export class SetPricesBatch {
  constructor(
    readonly commands: readonly SetPrice[],
    readonly metadata: CommandMetadata,
  ) {}
}

export interface BatchItemResult {
  readonly sku: string;
  readonly priceVersion: number;
  readonly version: number;
  readonly position: string | null;
}

export interface BatchItemFailure {
  readonly index: number;
  readonly sku: string;
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/**
 * Validate all, then apply. Each sku is its own stream and the store has no transaction across
 * streams, so a batch cannot be atomic. Its usual failure, though, is a bad line in a price list
 * (a currency change, an unsupported currency), and a half-applied list would leave the catalogue in
 * a state nobody asked for. So every item is first decided against its sku's current state (earlier
 * items for the same sku folded in), and nothing is appended unless every item would be accepted.
 * What stays non-atomic is a concurrent writer changing a sku between the check and the apply: that
 * item then fails, and the answer lists what was applied so the caller can send the rest.
 */
@CommandHandler(SetPricesBatch)
export class SetPricesBatchHandler implements ICommandHandler<SetPricesBatch, BatchItemResult[]> {
  constructor(
    @Inject(StreamRunner) private readonly runner: StreamRunner,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute({ commands, metadata }: SetPricesBatch): Promise<BatchItemResult[]> {
    const failures = await this.check(commands);
    if (failures.length > 0) {
      throw new ProblemException(
        422,
        'PRICE.BATCH_REJECTED',
        `${failures.length} of ${commands.length} prices would be refused, so none was set; fix the items listed in failures and send the whole batch again.`,
        { failures },
      );
    }
    return this.apply(commands, metadata);
  }

  private async check(commands: readonly SetPrice[]): Promise<BatchItemFailure[]> {
    const now = this.clock.now();
    const skus = [...new Set(commands.map((command) => command.data.sku))];
    const loaded = await Promise.all(skus.map((sku) => this.runner.load(priceStream(sku), priceDecider)));
    const states = new Map<string, PriceState>(skus.map((sku, index) => [sku, loaded[index].state]));
    const failures: BatchItemFailure[] = [];
    commands.forEach((command, index) => {
      const { sku } = command.data;
      const state = states.get(sku) ?? priceDecider.initialState();
      const decision = priceDecider.decide(command, state, { now });
      if (decision.kind === 'rejected') {
        const { code, message } = decision.rejection;
        failures.push({ index, sku, status: statusOfRejection(code), code, message });
      } else {
        states.set(sku, decision.events.reduce((folded, event) => priceDecider.evolve(folded, event), state));
      }
    });
    return failures;
  }

  /** In the order given, so two prices for one sku in a batch are recorded in that order. */
  private async apply(commands: readonly SetPrice[], metadata: CommandMetadata): Promise<BatchItemResult[]> {
    const applied: BatchItemResult[] = [];
    for (const [index, command] of commands.entries()) {
      const { sku } = command.data;
      try {
        const result = await this.runner.run(priceStream(sku), pricedSku, command, metadata, {
          context: () => Promise.resolve({ now: this.clock.now() }),
        });
        applied.push({ sku, priceVersion: result.state.book.version, version: Number(result.version), position: result.position });
      } catch (error) {
        if (applied.length === 0) throw error;
        throw interrupted(applied, commands.length, index, sku, error);
      }
    }
    return applied;
  }
}

const logger = new Logger('SetPricesBatch');

/**
 * A 4xx, never a 5xx: the idempotency layer keeps a 4xx as the answer to this key, so a retry cannot
 * append the already-applied items a second time; the caller sends the rest under a new key.
 */
function interrupted(applied: readonly BatchItemResult[], total: number, index: number, sku: string, error: unknown): ProblemException {
  const code = error instanceof ProblemException ? error.code : 'INTERNAL_ERROR';
  // turned into a 4xx below, so the problem filter will not log it: the operator still needs the cause
  if (!(error instanceof ProblemException)) logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return new ProblemException(
    409,
    'PRICE.BATCH_INTERRUPTED',
    `${applied.length} of ${total} prices were set before item ${index} (${sku}) failed with ${code}; send the items from ${index} on again with a new Idempotency-Key.`,
    { applied, failed: { index, sku, code } },
  );
}
