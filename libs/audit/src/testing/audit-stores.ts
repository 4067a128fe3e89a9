import { randomUUID } from 'node:crypto';
import { openPgliteEventStore, openPostgresEventStore, quoteIdentifier, type SqlEventStore } from '@promo-ledger/event-store';
import { requireOrSkip } from '../../../../test/conformance/conformance-target';
import { domainEventTypes } from './event-types';

export type AuditStoreKind = 'pglite' | 'postgres';

/** pglite always; postgres too when DATABASE_URL is set (CI requires it; elsewhere it skips loudly). */
export function auditStores(): AuditStoreKind[] {
  return requireOrSkip('PostgreSQL (DATABASE_URL) for the audit specs', Boolean(process.env.DATABASE_URL)) === 'run' ? ['pglite', 'postgres'] : ['pglite'];
}

export interface AuditStore {
  readonly store: SqlEventStore;
  /** Plays the attacker (or the careless DBA): rewrites one stored event's data behind the store's back. */
  tamper(streamId: string, revision: bigint, data: object): Promise<void>;
  dispose(): Promise<void>;
}

/** A fresh store: in-memory PGlite, or a new schema in PostgreSQL dropped afterwards. */
export async function openAuditStore(kind: AuditStoreKind): Promise<AuditStore> {
  if (kind === 'pglite') {
    const store = await openPgliteEventStore({ registry: domainEventTypes() });
    return { store, tamper: (streamId, revision, data) => rewrite(store, 'events', streamId, revision, data), dispose: () => store.close() };
  }
  const schema = `audit_spec_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const store = await openPostgresEventStore({ registry: domainEventTypes(), connectionString: process.env.DATABASE_URL ?? '', schema, maxConnections: 2 });
  return {
    store,
    tamper: (streamId, revision, data) => rewrite(store, `${quoteIdentifier(schema)}.events`, streamId, revision, data),
    dispose: async () => {
      await store.executor.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
      await store.close();
    },
  };
}

async function rewrite(store: SqlEventStore, table: string, streamId: string, revision: bigint, data: object): Promise<void> {
  await store.executor.query(`UPDATE ${table} SET data = $1::json WHERE stream_id = $2 AND revision = $3::bigint`, [JSON.stringify(data), streamId, revision.toString()]);
}
