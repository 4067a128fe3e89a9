import { Inject, Injectable } from '@nestjs/common';
import { EventStore, parsePosition, type Position } from '@promo-ledger/event-store';
import { describeProgress, ProgressReader } from '@promo-ledger/projections';
import { ProblemException } from '../http/problem';
import { InProcessProjections } from './in-process-projections';

/** How long a query waits for its read model to reach the caller's write. */
export const MIN_POSITION_WAIT_MS = 5_000;

/**
 * `minPosition`: a position a write returned. The query answers only once the read models it reads
 * have applied that event — a client reads its own writes without sleeping — or, after 5 s, 503
 * with how far behind they are.
 */
@Injectable()
export class ReadYourWrites {
  constructor(
    @Inject(ProgressReader) private readonly progress: ProgressReader,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(InProcessProjections) private readonly projections: InProcessProjections,
  ) {}

  async reach(minPosition: string | undefined, readModels: readonly string[]): Promise<void> {
    if (minPosition === undefined || minPosition === '') return;
    const position = this.parse(minPosition);
    this.projections.poke();
    if (await this.progress.waitFor(readModels, position, MIN_POSITION_WAIT_MS)) return;
    const lag = await this.progress.lag(this.store, readModels);
    throw new ProblemException(
      503,
      'READ_MODEL_LAGGING',
      `The read model has not reached position ${minPosition} within ${MIN_POSITION_WAIT_MS / 1000} s. Retry the same request shortly; if this persists, operators should check the projector (GET /health/ready shows each projection's lag).`,
      { minPosition, lag: lag.map((entry) => ({ ...describeProgress(entry), lagEvents: entry.lagEvents, lagEventsAtLeast: entry.lagEventsAtLeast, lagSeconds: entry.lagSeconds })) },
    );
  }

  private parse(minPosition: string): Position {
    try {
      return parsePosition(minPosition);
    } catch {
      throw new ProblemException(400, 'QUERY.INVALID_MIN_POSITION', `minPosition "${minPosition}" is not a position: pass the \`position\` a write returned, e.g. "1234/5678".`);
    }
  }
}
