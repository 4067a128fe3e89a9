import { type Money, subtract } from '@promo-ledger/domain';
import { type StreamResult, writeInfo } from '../application/stream-runner';
import { appended, type OrderRecord } from './order-record';

interface WriteInfo {
  /** The order stream's version: the ETag, and what If-Match takes. */
  readonly version: number;
  readonly position: string | null;
}

export interface ChargeResponse extends WriteInfo {
  readonly orderId: string;
  readonly paymentRef: string;
  /** This charge. */
  readonly amount: Money;
  /** Everything charged on the order so far, this charge included. */
  readonly charged: Money;
  readonly expected: Money;
  /** charged − expected: positive is an overcharge, negative an undercharge. */
  readonly delta: Money;
  readonly mismatch: boolean;
  readonly chargedAt: string;
}

export function chargeResponse(orderId: string, result: StreamResult<OrderRecord>): ChargeResponse {
  const { amount, paymentRef, totalCharged, expected, delta, mismatch, chargedAt } = appended(result.state, 'ChargeRecorded').data;
  return { orderId, paymentRef, amount, charged: totalCharged, expected, delta, mismatch, chargedAt, ...writeInfo(result) };
}

export interface RefundResponse extends WriteInfo {
  readonly orderId: string;
  readonly refundRef: string;
  readonly amount: Money;
  readonly reason: string;
  readonly refunded: Money;
  /** What can still be refunded: charged − refunded. */
  readonly refundable: Money | null;
  readonly refundedAt: string;
}

export function refundResponse(orderId: string, result: StreamResult<OrderRecord>): RefundResponse {
  const { amount, reason, refundRef, totalRefunded, refundedAt } = appended(result.state, 'RefundRecorded').data;
  const { order } = result.state;
  const refundable = order.status === 'none' ? null : subtract(order.charged, order.refunded);
  return { orderId, refundRef, amount, reason, refunded: totalRefunded, refundable, refundedAt, ...writeInfo(result) };
}

export interface CancelResponse extends WriteInfo {
  readonly orderId: string;
  readonly status: 'cancelled';
  readonly reason: string;
  readonly cancelledAt: string;
}

export function cancelResponse(orderId: string, result: StreamResult<OrderRecord>): CancelResponse {
  const { reason, cancelledAt } = appended(result.state, 'OrderCancelled').data;
  return { orderId, status: 'cancelled', reason, cancelledAt, ...writeInfo(result) };
}

export interface DisputeOpenedResponse extends WriteInfo {
  readonly orderId: string;
  readonly disputeId: string;
  readonly status: 'open';
  readonly reason: string;
  readonly openedBy: string;
  readonly openedAt: string;
}

export function disputeOpenedResponse(orderId: string, result: StreamResult<OrderRecord>): DisputeOpenedResponse {
  const { disputeId, reason, openedBy, openedAt } = appended(result.state, 'DisputeOpened').data;
  return { orderId, disputeId, status: 'open', reason, openedBy, openedAt, ...writeInfo(result) };
}

export interface DisputeResolvedResponse extends WriteInfo {
  readonly orderId: string;
  readonly disputeId: string;
  readonly status: 'resolved';
  readonly resolution: 'upheld' | 'rejected';
  /** The refund the resolution says is owed, if any. */
  readonly refund: Money | null;
  /** Recorded with an upheld resolution that carries a refund (refundRef `dispute-<disputeId>`); null otherwise. */
  readonly refundRecorded: { readonly refundRef: string; readonly amount: Money; readonly refunded: Money } | null;
  readonly note: string | null;
  readonly resolvedAt: string;
}

export function disputeResolvedResponse(orderId: string, result: StreamResult<OrderRecord>): DisputeResolvedResponse {
  const { last, previous } = result.state;
  const withRefund = last?.type === 'RefundRecorded' && previous?.type === 'DisputeResolved';
  const resolved = withRefund ? appended({ ...result.state, last: previous }, 'DisputeResolved') : appended(result.state, 'DisputeResolved');
  const { disputeId, resolution, refund, note, resolvedAt } = resolved.data;
  const refundRecorded = withRefund ? { refundRef: last.data.refundRef, amount: last.data.amount, refunded: last.data.totalRefunded } : null;
  return { orderId, disputeId, status: 'resolved', resolution, refund: refund ?? null, refundRecorded, note: note ?? null, resolvedAt, ...writeInfo(result) };
}
