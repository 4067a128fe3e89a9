import { createHash } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { canonicalJson, type JsonValue } from '@promo-ledger/event-store';
import type { HttpReply } from '../http/http-types';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { idempotencyScope } from '../application/command-metadata';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { PUBLIC_KEY } from '../auth/roles.decorator';
import { PROBLEM_CONTENT_TYPE, ProblemException } from '../http/problem';
import { toProblem } from '../http/problem-details.filter';
import { IdempotencyStore } from './idempotency.store';
import { ReplayedResponse } from './replayed-response';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const WAIT_FOR_FIRST_MS = 10_000;
const POLL_MS = 25;

/**
 * Idempotency-Key on every write (DESIGN §5, §8): the first response — success or refusal — is
 * stored with a hash of the request; a retry with the same key and body gets it back and appends
 * nothing; the same key with another body is a 422; a duplicate arriving while the first is still
 * running waits for its answer. A 5xx is not an answer: a retry runs the command again, and so does
 * one after the first attempt's process died (ABANDONED_AFTER_SECONDS). Such an attempt may have
 * appended before it stopped, so the retry's command carries `interruptedAttemptSince` and
 * StreamRunner answers it from those events instead of applying it twice.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(IdempotencyStore) private readonly records: IdempotencyStore,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    if (!WRITES.has(request.method) || isPublic) return next.handle();
    const response = context.switchToHttp().getResponse<HttpReply>();
    return from(this.handleWrite(request, response, next));
  }

  private async handleWrite(request: AuthenticatedRequest, response: HttpReply, next: CallHandler): Promise<unknown> {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || !/^[\w.:-]{8,128}$/.test(key)) {
      throw new ProblemException(400, 'IDEMPOTENCY_KEY_REQUIRED', 'Send an Idempotency-Key header (8–128 letters, digits, ._:-), unique per intended change, and reuse it when retrying.');
    }
    const scopeKey = idempotencyScope(request, key);
    const requestHash = hashRequest(request);
    const interruptedSince = await this.awaitClaim(scopeKey, requestHash);
    if (interruptedSince !== null) request.interruptedAttemptSince = interruptedSince;
    try {
      const body: unknown = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await this.records.complete(scopeKey, { status: response.statusCode, contentType: 'application/json', body: JSON.stringify(body ?? null) });
      return body;
    } catch (error) {
      const problem = toProblem(error);
      if (problem.status >= 500) await this.records.interrupt(scopeKey);
      else await this.records.complete(scopeKey, { status: problem.status, contentType: PROBLEM_CONTENT_TYPE, body: JSON.stringify({ ...problem, instance: request.originalUrl }) });
      throw error;
    }
  }

  /** Resolves once this request holds the key: to when an interrupted earlier attempt began, or null. */
  private async awaitClaim(scopeKey: string, requestHash: string): Promise<string | null> {
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const claim = await this.records.claim(scopeKey, requestHash);
      switch (claim.kind) {
        case 'claimed':
          return claim.interruptedSince;
        case 'replay':
          throw new ReplayedResponse(claim.response);
        case 'other_request':
          throw new ProblemException(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request; use a new key for a new change.');
        case 'in_progress':
          if (Date.now() >= deadline) {
            throw new ProblemException(409, 'IDEMPOTENCY_IN_PROGRESS', 'The first request with this Idempotency-Key is still running; retry shortly with the same key.');
          }
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    }
  }
}

function hashRequest(request: AuthenticatedRequest): string {
  const body = (request.body ?? null) as JsonValue;
  return createHash('sha256').update(`${request.method} ${request.originalUrl}\n`).update(canonicalJson(body)).digest('hex');
}
