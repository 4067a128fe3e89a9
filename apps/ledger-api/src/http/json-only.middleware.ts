import type { NextFunction, Request, Response } from 'express';
import { ProblemException } from './problem';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Writes take JSON only: anything else is a 415 before the body is read. */
export function jsonOnly(request: Request, _response: Response, next: NextFunction): void {
  if (WITH_BODY.has(request.method) && hasBody(request) && !request.is('application/json')) {
    next(new ProblemException(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as JSON with Content-Type: application/json.'));
    return;
  }
  next();
}
