import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { HttpRequest } from '../http/http-types';
import { ProblemException } from '../http/problem';
import { type Actor, type ApiKey, authenticate, type Role } from './api-keys';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';

export const API_KEYS = Symbol('API_KEYS');

export type AuthenticatedRequest = HttpRequest & {
  actor?: Actor;
  /** Set by the idempotency interceptor on a retry of an attempt that ended without an answer (see CommandMetadata). */
  interruptedAttemptSince?: string;
};

/**
 * Every route is closed unless marked @Public(): 401 without a valid bearer key, 403 when the key's
 * role is not among the route's @Roles (admin passes everywhere). A route with neither decorator is
 * refused for everyone but admin, so forgetting @Roles fails safe.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(API_KEYS) private readonly keys: readonly ApiKey[],
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token) throw new ProblemException(401, 'UNAUTHENTICATED', 'Send your API key as Authorization: Bearer <key>.');
    const actor = authenticate(this.keys, token);
    if (!actor) throw new ProblemException(401, 'UNAUTHENTICATED', 'This API key is not known; check LEDGER_API_KEYS or ask an operator for a key.');
    request.actor = actor;
    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    if (actor.role !== 'admin' && !allowed.includes(actor.role)) {
      throw new ProblemException(403, 'FORBIDDEN', `The ${actor.role} role may not call this route; it needs one of: ${allowed.join(', ') || 'admin'}.`);
    }
    return true;
  }
}
