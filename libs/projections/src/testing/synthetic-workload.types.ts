import type { DomainEvent } from '@promo-ledger/domain';

/** One append (one transaction) in the order the ledger would write it. */
export interface WorkloadAppend {
  readonly streamId: string;
  readonly events: DomainEvent[];
  /** The instant the command was decided: the events' metadata.occurredAt. */
  readonly occurredAt: string;
  /** The shopper session (its cart id) or CATALOGUE_FLOW: appends of one flow depend on each other in order. */
  readonly flow: string;
  /** The HTTP request the append belongs to (a checkout's appends share one). */
  readonly correlationId: string;
}

/** The flow of the setup and of price changes: every append after one of these comes after it. */
export const CATALOGUE_FLOW = 'catalogue';
