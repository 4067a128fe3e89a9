import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const ROLES = ['checkout', 'pricing', 'marketing', 'support', 'finance', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A configured key. `keyId` names it in logs and event metadata; the key itself is never recorded. */
export interface ApiKey {
  readonly keyId: string;
  readonly role: Role;
  readonly digest: Buffer;
}

export interface Actor {
  readonly keyId: string;
  readonly role: Role;
}

const digest = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Parses `LEDGER_API_KEYS="role=key,role=key,…"`; several keys per role are allowed. */
export function parseApiKeys(raw: string): ApiKey[] {
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map((entry) => {
      const separator = entry.indexOf('=');
      const role = entry.slice(0, separator).trim();
      const key = entry.slice(separator + 1).trim();
      if (separator < 0 || !isRole(role)) {
        throw new Error(`LEDGER_API_KEYS entry "${entry.slice(0, 20)}…" must be role=key with role one of ${ROLES.join(', ')}`);
      }
      if (key.length < 16) throw new Error(`LEDGER_API_KEYS: the ${role} key is shorter than 16 characters; use a long random key`);
      return { keyId: `${role}:${digest(key).toString('hex').slice(0, 8)}`, role, digest: digest(key) };
    });
}

/**
 * Finds the key a bearer token belongs to. Compares sha256 digests with timingSafeEqual against
 * every configured key (no early exit), so timing reveals neither the key nor which one matched.
 */
export function authenticate(keys: readonly ApiKey[], presented: string): Actor | null {
  const candidate = digest(presented);
  let match: ApiKey | null = null;
  for (const key of keys) {
    if (timingSafeEqual(key.digest, candidate) && match === null) match = key;
  }
  return match ? { keyId: match.keyId, role: match.role } : null;
}

/** Embedded mode without configured keys: one admin key for this process, printed once at start. */
export function generateDevelopmentKey(): string {
  return `dev-admin-${randomBytes(24).toString('base64url')}`;
}
