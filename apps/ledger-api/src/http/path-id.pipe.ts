import { type PipeTransform } from '@nestjs/common';
import { ProblemException } from './problem';

/**
 * Checks an id taken from the path (a sku, an order id) before it becomes part of a stream id, so a
 * malformed one is a 400 with the slice's own code rather than a stream-id error deep in the store.
 */
export class PathIdPipe implements PipeTransform<string, string> {
  constructor(
    private readonly pattern: RegExp,
    private readonly code: string,
    private readonly detail: string,
  ) {}

  transform(value: string): string {
    if (!this.pattern.test(value)) throw new ProblemException(400, this.code, this.detail, { value });
    return value;
  }
}
