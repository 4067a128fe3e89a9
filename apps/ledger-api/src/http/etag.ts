import type { HttpReply } from './http-types';
import { ProblemException } from './problem';

/** ETag = the stream version, as a strong validator: `"7"`. */
export function setEtag(response: HttpReply, version: number): void {
  response.header('ETag', `"${version}"`);
}

/** If-Match: `"7"` (or a bare 7) → 7n; absent → undefined; anything else is a 400 that says the format. */
export function parseIfMatch(header: string | undefined): bigint | undefined {
  if (header === undefined || header === '') return undefined;
  const match = /^\s*(?:W\/)?"?(-1|\d{1,15})"?\s*$/.exec(header);
  if (!match) {
    throw new ProblemException(400, 'INVALID_IF_MATCH', 'If-Match must be the ETag you received, e.g. "3"; a list or * is not supported.');
  }
  return BigInt(match[1]);
}
