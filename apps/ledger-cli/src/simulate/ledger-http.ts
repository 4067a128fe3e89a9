import { CliInputError } from '../commands/read-json';

/**
 * The simulation talks to a running ledger exactly as its clients do: HTTP JSON, a bearer key per
 * role, an Idempotency-Key on every write. Keys come from the same `LEDGER_API_KEYS` the ledger
 * reads ("role=key,…"; an admin key serves every role) or one `LEDGER_API_KEY` for all.
 */
export type ClientRole = 'checkout' | 'pricing' | 'marketing' | 'support' | 'finance' | 'admin';

export interface LedgerAnswer<T> {
  readonly status: number;
  readonly body: T;
  /** The ledger answered a retried write from its idempotency store (Idempotent-Replayed: true). */
  readonly replayed: boolean;
}

/** A 4xx/5xx the caller did not expect; carries the problem+json `code` and `detail`. */
export class LedgerCallFailed extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    readonly detail: string,
    what: string,
  ) {
    super(`${what} → ${status}${code ? ` ${code}` : ''}: ${detail}`);
    this.name = 'LedgerCallFailed';
  }
}

export interface CallOptions {
  readonly body?: unknown;
  readonly idempotencyKey?: string;
  /** Statuses that are answers, not failures (e.g. 422 for a rejected coupon). */
  readonly accept?: readonly number[];
}

export class LedgerHttp {
  constructor(
    readonly baseUrl: string,
    /** admin only for the fault-injection drill (--projection-lag): absent unless given. */
    private readonly keys: Readonly<Record<Exclude<ClientRole, 'admin'>, string>> & { readonly admin?: string },
  ) {}

  static fromEnv(env: NodeJS.ProcessEnv, baseUrl = env.LEDGER_URL ?? 'http://127.0.0.1:3000'): LedgerHttp {
    return new LedgerHttp(baseUrl.replace(/\/+$/, ''), keysFrom(env));
  }

  async call<T>(role: ClientRole, method: string, path: string, options: CallOptions = {}): Promise<LedgerAnswer<T>> {
    const key = this.keys[role];
    if (key === undefined) throw new CliInputError(`this needs an admin key: set LEDGER_API_KEY to one, or add admin=<key> to LEDGER_API_KEYS`);
    const headers: Record<string, string> = { Authorization: `Bearer ${key}`, Accept: 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.idempotencyKey !== undefined) headers['Idempotency-Key'] = options.idempotencyKey;
    const what = `${method} ${path}`;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    } catch (error) {
      throw new LedgerCallFailed(0, 'UNREACHABLE', `is the ledger running at ${this.baseUrl}? (${(error as Error).message})`, what);
    }
    const text = await response.text();
    const body = (text === '' ? {} : JSON.parse(text)) as T & { code?: string; detail?: string };
    if (!response.ok && !(options.accept ?? []).includes(response.status)) {
      throw new LedgerCallFailed(response.status, body.code, body.detail ?? text.slice(0, 300), what);
    }
    return { status: response.status, body, replayed: response.headers.get('idempotent-replayed') === 'true' };
  }
}

const ROLES = ['checkout', 'pricing', 'marketing', 'support', 'finance'] as const;

function keysFrom(env: NodeJS.ProcessEnv): Record<(typeof ROLES)[number], string> & { admin?: string } {
  const byRole = new Map<string, string>();
  for (const entry of (env.LEDGER_API_KEYS ?? '').split(',')) {
    const [role, key] = entry.split('=').map((part) => part.trim());
    if (role && key && !byRole.has(role)) byRole.set(role, key);
  }
  const fallback = env.LEDGER_API_KEY ?? byRole.get('admin');
  const keys = {} as Record<(typeof ROLES)[number], string> & { admin?: string };
  const admin = byRole.get('admin') ?? env.LEDGER_API_KEY;
  if (admin !== undefined) keys.admin = admin;
  const missing: string[] = [];
  for (const role of ROLES) {
    const key = byRole.get(role) ?? fallback;
    if (key === undefined) missing.push(role);
    else keys[role] = key;
  }
  if (missing.length > 0) {
    throw new CliInputError(`no API key for ${missing.join(', ')}: set LEDGER_API_KEY (an admin key, as \`npm start\` prints) or LEDGER_API_KEYS="role=key,…"`);
  }
  return keys;
}
