import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { StoreUnavailableError } from '@promo-ledger/event-store';
import type { HttpReply, HttpRequest } from './http-types';
import { ReplayedResponse } from '../idempotency/replayed-response';
import { MAX_BODY_BYTES } from './json-body';
import { problem, PROBLEM_CONTENT_TYPE, ProblemException, type ProblemDetails } from './problem';

/**
 * The one place where every failure becomes RFC 9457 problem+json with a stable code. Expected
 * refusals arrive as ProblemException; framework errors (validation, routing, body parsing) are
 * translated here; a store that cannot be reached is a 503 with Retry-After (the caller's retry
 * is safe: see IdempotencyInterceptor); anything else is a 500 that is logged and never leaks internals.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(http.getRequest<HttpRequest>(), http.getResponse<HttpReply>(), exception);
  }
}

const logger = new Logger('ProblemDetails');
const STORE_UNAVAILABLE = 'STORE_UNAVAILABLE';
/** What a 503 STORE_UNAVAILABLE asks the caller to wait: a restart or a full connection pool passes in seconds. */
const RETRY_AFTER_SECONDS = 2;

function sendProblem(request: HttpRequest, response: HttpReply, exception: unknown): void {
  if (exception instanceof ReplayedResponse) {
    const { status, contentType, body } = exception.response;
    response.status(status).header('Idempotent-Replayed', 'true').type(contentType).send(body);
    return;
  }
  const body = { ...toProblem(exception), instance: request.originalUrl };
  if (body.code === STORE_UNAVAILABLE) response.header('Retry-After', String(RETRY_AFTER_SECONDS));
  response.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}

export function toProblem(exception: unknown): ProblemDetails {
  if (exception instanceof ProblemException) {
    return problem(exception.getStatus(), exception.code, exception.detail, exception.extensions);
  }
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (exception instanceof StoreUnavailableError) {
    // an outage, not a bug: the driver's words go to the log, not to the caller
    logger.warn(exception.message);
    return problem(503, STORE_UNAVAILABLE, `The ledger cannot reach its event store right now; retry in ${RETRY_AFTER_SECONDS} s or more with the same Idempotency-Key (a retry never applies a command twice).`);
  }
  logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
  return problem(500, 'INTERNAL_ERROR', 'The ledger failed to handle this request; retry with the same Idempotency-Key, and report it if it persists.');
}

/** @nestjs/terminus reports a failed check as a 503 whose body lists each check. */
function isHealthReport(body: unknown): body is { error?: Record<string, unknown>; details: Record<string, unknown> } {
  return typeof body === 'object' && body !== null && (body as { status?: unknown }).status === 'error' && 'details' in body;
}

function fromHttpException(exception: HttpException): ProblemDetails {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const messages = typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : undefined;
  if (status === 400 && Array.isArray(messages)) {
    return problem(400, 'VALIDATION_FAILED', 'Some fields are missing or invalid; fix them and send the request again.', {
      errors: messages,
    });
  }
  // Fastify refuses a body over its bodyLimit before Nest routing; Nest hands it here as an HttpException
  if (status === 413) return problem(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${MAX_BODY_BYTES} bytes; send less per request.`);
  if (status === 404) return problem(404, 'ROUTE_NOT_FOUND', 'There is no such route; see /docs for the API.');
  if (status === 503 && isHealthReport(response)) {
    const failing = Object.keys(response.error ?? {}).join(', ');
    return problem(503, 'NOT_READY', `The ledger is not ready (${failing} down); route traffic elsewhere and check the store.`, {
      checks: response.details,
    });
  }
  return problem(status, `HTTP_${status}`, exception.message);
}
