import { accept, assertNever, reject, type Decider, type Decision, type DomainCommand } from '../decider';
import type { UniqueCodeEvent } from './unique-code.events';

export type RedeemCode = DomainCommand<
  'RedeemCode',
  { readonly campaignId: string; readonly code: string; readonly orderId: string; readonly customerId: string }
>;
export type ReleaseCode = DomainCommand<
  'ReleaseCode',
  { readonly campaignId: string; readonly code: string; readonly orderId: string; readonly reason: string }
>;
export type UniqueCodeCommand = RedeemCode | ReleaseCode;

/** The order holding the code, if any. */
export interface UniqueCodeState {
  readonly heldBy: string | null;
}

export const UniqueCodeRejections = {
  alreadyRedeemed: 'CODE_ALREADY_REDEEMED',
  heldByAnotherOrder: 'CODE.HELD_BY_ANOTHER_ORDER',
} as const;

export function evolveUniqueCode(state: UniqueCodeState, event: UniqueCodeEvent): UniqueCodeState {
  switch (event.type) {
    case 'UniqueCodeRedeemed':
      return { heldBy: event.data.orderId };
    case 'UniqueCodeReleased':
      return { heldBy: null };
    default:
      return assertNever(event);
  }
}

/**
 * Redeeming again for the order that holds the code, and releasing a code nobody holds, are retries
 * and change nothing; only another order's claim is refused.
 */
export function decideUniqueCode(command: UniqueCodeCommand, state: UniqueCodeState, { now }: { readonly now: string }): Decision<UniqueCodeEvent> {
  const { campaignId, code, orderId } = command.data;
  switch (command.type) {
    case 'RedeemCode':
      if (state.heldBy === orderId) return accept();
      if (state.heldBy !== null) return reject(UniqueCodeRejections.alreadyRedeemed, `Code ${code} has already been used; each code works once.`);
      return accept({ type: 'UniqueCodeRedeemed', data: { campaignId, code, orderId, customerId: command.data.customerId, redeemedAt: now } });
    case 'ReleaseCode':
      if (state.heldBy === null) return accept();
      if (state.heldBy !== orderId) {
        return reject(UniqueCodeRejections.heldByAnotherOrder, `Code ${code} is held by another order; release it from that order.`, { heldBy: state.heldBy });
      }
      return accept({ type: 'UniqueCodeReleased', data: { campaignId, code, orderId, reason: command.data.reason, releasedAt: now } });
    default:
      return assertNever(command);
  }
}

export const uniqueCodeDecider: Decider<UniqueCodeCommand, UniqueCodeEvent, UniqueCodeState, { readonly now: string }> = {
  initialState: () => ({ heldBy: null }),
  evolve: evolveUniqueCode,
  decide: decideUniqueCode,
};
