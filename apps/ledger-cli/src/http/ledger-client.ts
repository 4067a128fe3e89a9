import { CliError } from '../commands/cli-error';

export const DEFAULT_LEDGER_URL = 'http://127.0.0.1:3000';

export interface LedgerClientConfig {
  readonly baseUrl: string;
  readonly apiKey?: string;
}

/** LEDGER_URL (default http://127.0.0.1:3000) and LEDGER_API_KEY, sent as a bearer token. */
export function ledgerClientConfig(env: NodeJS.ProcessEnv = process.env): LedgerClientConfig {
  const baseUrl = (env.LEDGER_URL ?? DEFAULT_LEDGER_URL).replace(/\/+$/, '');
  const apiKey = env.LEDGER_API_KEY;
  return apiKey === undefined || apiKey === '' ? { baseUrl } : { baseUrl, apiKey };
}

/** An RFC 9457 answer as the ledger sends it (code, detail, and whatever the route adds). */
export type Problem = Record<string, unknown> & { readonly code?: string; readonly detail?: string };

/**
 * A request the ledger refused or could not serve, as one sentence: 4xx means the request (or the
 * key) was wrong, exit 2; 5xx or no answer means the ledger failed, exit 1. `problem` keeps the
 * answer for callers that can say more (a batch's failures).
 */
export class LedgerRequestError extends CliError {
  constructor(
    message: string,
    readonly status: number | null,
    readonly problem: Problem | null,
  ) {
    super(message, status !== null && status >= 400 && status < 500 ? 2 : 1);
    this.name = 'LedgerRequestError';
  }
}

export interface PostOptions {
  /** Every write to the ledger carries one (8–128 characters); the same key and body replay the first answer. */
  readonly idempotencyKey: string;
}

/** The ledger's HTTP API for CLI commands, over Node's fetch. */
export class LedgerClient {
  constructor(
    readonly config: LedgerClientConfig,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  get<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T> {
    const params = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined));
    const search = params.size === 0 ? '' : `?${params.toString()}`;
    return this.send<T>('GET', `${path}${search}`, undefined, {});
  }

  post<T>(path: string, body: unknown, { idempotencyKey }: PostOptions): Promise<T> {
    return this.send<T>('POST', path, JSON.stringify(body), { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey });
  }

  private async send<T>(method: string, path: string, body: string | undefined, headers: Record<string, string>): Promise<T> {
    const url = `${this.config.baseUrl}${path}`;
    const auth: Record<string, string> = this.config.apiKey === undefined ? {} : { Authorization: `Bearer ${this.config.apiKey}` };
    let response: Response;
    try {
      response = await this.fetchImpl(url, { method, body, headers: { Accept: 'application/json', ...auth, ...headers } });
    } catch (error) {
      throw new LedgerRequestError(`cannot reach the ledger (${causeOf(error)}); is the ledger running at ${this.config.baseUrl}? Set LEDGER_URL to where it listens.`, null, null);
    }
    const text = await response.text();
    if (response.ok) return parseJson<T>(text, `${method} ${path}`);
    throw refusal(method, path, response.status, text, this.config);
  }
}

function refusal(method: string, path: string, status: number, text: string, config: LedgerClientConfig): LedgerRequestError {
  const problem = tryParseProblem(text);
  const what = problem?.code === undefined ? `${status}` : `${status} ${problem.code}`;
  const detail = typeof problem?.detail === 'string' ? problem.detail : text.slice(0, 200) || 'no detail';
  const hint = status === 401 && config.apiKey === undefined ? ' Set LEDGER_API_KEY to a key of the right role.' : '';
  const server = status >= 500 ? ` Is the ledger at ${config.baseUrl} healthy (GET /health/ready)?` : '';
  return new LedgerRequestError(`${method} ${path.split('?')[0]} answered ${what}: ${detail}${hint}${server}`, status, problem);
}

function tryParseProblem(text: string): Problem | null {
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Problem) : null;
  } catch {
    return null;
  }
}

function parseJson<T>(text: string, request: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new LedgerRequestError(`${request} answered something that is not JSON; is LEDGER_URL pointing at the ledger?`, null, null);
  }
}

/**
 * fetch wraps the socket error (ECONNREFUSED, ENOTFOUND …) in a TypeError("fetch failed"). Read
 * structurally: under jest, fetch's errors come from another realm, so `instanceof Error` is false.
 */
function causeOf(error: unknown): string {
  const { cause, message } = (typeof error === 'object' && error !== null ? error : {}) as { cause?: { code?: string; message?: string }; message?: string };
  return cause?.code ?? cause?.message ?? message ?? String(error);
}
