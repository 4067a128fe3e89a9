import type { FastifyReply, FastifyRequest } from 'fastify';

/** The HTTP platform's request and reply (Fastify under Nest); one import for every controller. */
export type HttpRequest = FastifyRequest;
export type HttpReply = FastifyReply;
