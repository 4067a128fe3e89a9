import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';

/** Correlation id: the caller's X-Correlation-Id if it sent a usable one, else a new one. Fastify's request id. */
export function correlationIdOf(headers: IncomingHttpHeaders): string {
  const sent = headers['x-correlation-id'];
  return typeof sent === 'string' && /^[\w.:-]{1,128}$/.test(sent) ? sent : randomUUID();
}

/** Echoes the request's correlation id on every response, errors included. */
export function echoCorrelationId(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('X-Correlation-Id', request.id);
    done();
  });
}
