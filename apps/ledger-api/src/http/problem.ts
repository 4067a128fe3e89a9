import { HttpException } from '@nestjs/common';

/** RFC 9457 problem details as the ledger sends them: always a stable `code` and a `detail` saying what to do. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly instance?: string;
  readonly [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Thrown by controllers and handlers for an expected refusal; the filter renders it unchanged. */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    readonly detail: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(detail, status);
  }
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const RESERVED = new Set(['type', 'title', 'status', 'code', 'detail', 'instance']);

/**
 * Extensions never overwrite the RFC 9457 members: a domain detail named like one (a campaign's
 * `status`, say) is kept under `context` instead.
 */
export function problem(status: number, code: string, detail: string, extensions: Readonly<Record<string, unknown>> = {}): ProblemDetails {
  const own = Object.entries(extensions).filter(([key]) => !RESERVED.has(key));
  const clashing = Object.entries(extensions).filter(([key]) => RESERVED.has(key));
  return {
    type: `https://promo-ledger.dev/problems/${code.toLowerCase().replace(/[._]/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    ...Object.fromEntries(own),
    ...(clashing.length > 0 ? { context: Object.fromEntries(clashing) } : {}),
  };
}
