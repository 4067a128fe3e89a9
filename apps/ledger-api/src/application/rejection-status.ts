import { PERMANENT_REASONS, type ReasonCode, type Rejection } from '@promo-ledger/domain';
import { ProblemException } from '../http/problem';

/**
 * The one table from a domain rejection code to an HTTP status. Codes not listed fall through the
 * suffix rules; anything else is a 422 (the request was understood but cannot be carried out).
 */
const EXACT: Readonly<Record<string, number>> = {
  QUOTE_STALE: 409,
  BUDGET_EXHAUSTED: 409,
  CUSTOMER_LIMIT_REACHED: 409,
  CART_NOT_OPEN: 409,
  'CAMPAIGN.ENDED': 409,
  'CAMPAIGN.INVALID_TRANSITION': 409,
  'ORDER.ALREADY_CANCELLED': 409,
  'ORDER.DISPUTE_ALREADY_RESOLVED': 409,
  // the dispute id is part of the path (…/disputes/:disputeId/resolve): an unknown one is a missing resource
  'ORDER.DISPUTE_NOT_FOUND': 404,
  'PRICE.CURRENCY_CHANGED': 409,
  'CAMPAIGN.CODE_TAKEN': 409,
  'CAMPAIGN.PREFIX_OVERLAPS': 409,
  // a what-if naming a terms version the campaign never had: the resource asked for does not exist
  'AUDIT.TERMS_VERSION_NOT_FOUND': 404,
};

const SUFFIXES: readonly (readonly [RegExp, number])[] = [
  [/\.NOT_FOUND$/, 404],
  [/\.ALREADY_EXISTS$/, 409],
  [/\.DUPLICATE_[A-Z_]+$/, 409],
  [/\.ALREADY_[A-Z_]+$/, 409],
  [/\.INVALID_[A-Z_]+$/, 400],
];

export function statusOfRejection(code: string): number {
  const exact = EXACT[code];
  if (exact !== undefined) return exact;
  if (PERMANENT_REASONS.has(code as ReasonCode)) return 422;
  return SUFFIXES.find(([pattern]) => pattern.test(code))?.[1] ?? 422;
}

/** On a coupon, every reason it can never apply is a 422 — including limits that are 409s at checkout. */
export function statusOfCouponRejection(code: string): number {
  return PERMANENT_REASONS.has(code as ReasonCode) ? 422 : statusOfRejection(code);
}

export function rejectionProblem(rejection: Rejection, statusOf: (code: string) => number = statusOfRejection): ProblemException {
  return new ProblemException(statusOf(rejection.code), rejection.code, rejection.message, rejection.details ?? {});
}
