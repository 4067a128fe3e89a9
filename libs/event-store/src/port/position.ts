/**
 * A place in the global log. EventStoreDB positions are a commit/prepare pair; the SQL adapters use
 * their global sequence number for both. Positions are compared by commit, then prepare, and travel
 * as strings ("<commit>/<prepare>") so they fit JSON, HTTP and checkpoint tables unchanged.
 */
export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export const START_POSITION: Position = { commit: 0n, prepare: 0n };

export function comparePositions(left: Position, right: Position): number {
  if (left.commit !== right.commit) return left.commit < right.commit ? -1 : 1;
  if (left.prepare !== right.prepare) return left.prepare < right.prepare ? -1 : 1;
  return 0;
}

export function samePosition(left: Position, right: Position): boolean {
  return left.commit === right.commit && left.prepare === right.prepare;
}

export function positionToString(position: Position): string {
  return `${position.commit}/${position.prepare}`;
}

export function parsePosition(text: string): Position {
  const match = /^(\d{1,20})\/(\d{1,20})$/.exec(text);
  if (!match) throw new RangeError(`not a position: "${text}" (expected "<commit>/<prepare>")`);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}
