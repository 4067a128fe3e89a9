import { InvalidCursorError } from '@promo-ledger/projections';
import { ProblemException } from '../http/problem';

/** A query's own refusals (a cursor from elsewhere) as problem+json; anything else propagates. */
export async function answering<T>(query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    if (error instanceof InvalidCursorError) throw new ProblemException(400, 'QUERY.INVALID_CURSOR', `${error.message}.`);
    throw error;
  }
}
