import type { DomainEvent } from '../decider';
import type { Money } from '../money';

/**
 * Stream `price-<sku>`. A price set with a future `effectiveAt` is recorded now and takes over only
 * from that instant; until then the earlier price stays in force.
 */
export type PriceSet = DomainEvent<
  'PriceSet',
  {
    readonly sku: string;
    readonly price: Money;
    readonly category: string;
    readonly effectiveAt: string;
    readonly reason: string;
    readonly setAt: string;
  }
>;

export type PriceEvent = PriceSet;
