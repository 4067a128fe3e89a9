import type { FastifyInstance } from 'fastify';
import { ProblemException } from './problem';

export const MAX_BODY_BYTES = 64 * 1024;

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function isJson(contentType: string | string[] | undefined): boolean {
  return typeof contentType === 'string' && contentType.split(';', 1)[0].trim().toLowerCase() === 'application/json';
}

const malformed = (): ProblemException => new ProblemException(400, 'MALFORMED_JSON', 'The request body is not valid JSON; send a JSON object.');

/**
 * Writes take JSON only, at most MAX_BODY_BYTES: anything else is a 415 before the body is read. An
 * empty JSON body reads as `{}` (POST /…/activate), as express's body-parser had it, so request hashes
 * of stored Idempotency-Keys stay the same. Bodies are JSON objects or arrays (fastify's parser, which
 * also refuses `__proto__` keys); a larger body is Fastify's FST_ERR_CTP_BODY_TOO_LARGE (a 413 in
 * ProblemDetailsFilter).
 */
export function acceptJsonOnly(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (WITH_BODY.has(request.method) && hasBody(request.headers) && !isJson(request.headers['content-type'])) {
      done(new ProblemException(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as JSON with Content-Type: application/json.'));
      return;
    }
    done();
  });
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: MAX_BODY_BYTES }, (request, body, done) => {
    const text = (body as string).trim();
    if (text === '') return done(null, {});
    if (text[0] !== '{' && text[0] !== '[') return done(malformed(), undefined);
    void parseJson(request, text, (error, value) => (error ? done(malformed(), undefined) : done(null, value)));
  });
}
