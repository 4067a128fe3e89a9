import type { DomainEvent } from '../decider';

/** Stream `code-<campaignId>-<code>`: who holds a single-use code. */
export type UniqueCodeRedeemed = DomainEvent<
  'UniqueCodeRedeemed',
  { readonly campaignId: string; readonly code: string; readonly orderId: string; readonly customerId: string; readonly redeemedAt: string }
>;

/** The order that held the code was cancelled or never completed: the code is usable again. */
export type UniqueCodeReleased = DomainEvent<
  'UniqueCodeReleased',
  { readonly campaignId: string; readonly code: string; readonly orderId: string; readonly reason: string; readonly releasedAt: string }
>;

export type UniqueCodeEvent = UniqueCodeRedeemed | UniqueCodeReleased;
