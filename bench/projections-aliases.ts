import Module from 'node:module';
import { join } from 'node:path';

/**
 * Imported first by the projections benchmark: the libs import each other through the
 * @promo-ledger/* aliases, which plain tsc leaves as they are and plain node cannot resolve, so
 * they are pointed at the compiled libs next to this file (dist/bench/libs/<lib>/src/index.js).
 */
type Resolve = (request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve };
const resolve = loader._resolveFilename;
const LIBS = join(__dirname, '..', 'libs');

loader._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
  const alias = /^@promo-ledger\/([a-z-]+)$/.exec(request);
  return resolve.call(this, alias ? join(LIBS, alias[1], 'src', 'index.js') : request, ...rest);
};
