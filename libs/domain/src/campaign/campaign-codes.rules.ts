import { assertNever } from '../decider';
import type { TermsProblem } from './validate-terms';
import type { CampaignCodes } from './terms';

/** What a shopper can type: upper-case letters, digits, `_` and `-`, 3 to 32 characters. */
export const COUPON_CODE_PATTERN = /^[A-Z0-9_-]{3,32}$/;

export function isWellFormedCode(code: string): boolean {
  return COUPON_CODE_PATTERN.test(code);
}

/** Problems with how a campaign is redeemed, reported alongside the terms problems. */
export function codesProblems(codes: CampaignCodes): TermsProblem[] {
  switch (codes.type) {
    case 'none':
      return [];
    case 'public':
      return isWellFormedCode(codes.code)
        ? []
        : [{ field: 'codes.code', message: `Give the public code as 3 to 32 of A–Z, 0–9, "_" or "-" (got "${codes.code}").` }];
    case 'unique':
      return codes.prefix === undefined || /^[A-Z0-9_-]{1,16}$/.test(codes.prefix)
        ? []
        : [{ field: 'codes.prefix', message: `Give the code prefix as 1 to 16 of A–Z, 0–9, "_" or "-" (got "${codes.prefix}").` }];
    default:
      return assertNever(codes);
  }
}

/** Issued codes that are malformed or do not start with the campaign's prefix. */
export function malformedIssuedCodes(codes: readonly string[], prefix: string | undefined): string[] {
  return codes.filter((code) => !isWellFormedCode(code) || (prefix !== undefined && !code.startsWith(prefix)));
}

/** Codes that appear twice in the batch or were issued before. */
export function duplicateIssuedCodes(codes: readonly string[], alreadyIssued: readonly string[]): string[] {
  const seen = new Set(alreadyIssued);
  const duplicates = new Set<string>();
  for (const code of codes) {
    if (seen.has(code)) duplicates.add(code);
    seen.add(code);
  }
  return [...duplicates];
}
