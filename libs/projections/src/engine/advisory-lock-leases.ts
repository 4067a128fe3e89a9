import { Client } from 'pg';
import type { Lease, LeaseProvider } from './lease';

/**
 * Leases as PostgreSQL session advisory locks, one dedicated connection per lease. PostgreSQL frees
 * the lock the moment the holder's connection ends — a killed process hands over at once; a
 * vanished host once TCP keepalive gives up on it — so a standby polling tryAcquire takes over.
 */
export class AdvisoryLockLeases implements LeaseProvider {
  private readonly open = new Set<Lease>();

  constructor(
    private readonly connectionString: string,
    private readonly applicationName = 'promo-ledger-lease',
  ) {}

  async tryAcquire(name: string): Promise<Lease | null> {
    const client = new Client({
      connectionString: this.connectionString,
      application_name: this.applicationName,
      keepAlive: true,
      keepAliveInitialDelayMillis: 5_000,
      connectionTimeoutMillis: 5_000,
    });
    let held = false;
    let signalLost!: () => void;
    const lost = new Promise<void>((resolve) => (signalLost = resolve));
    const onGone = (): void => {
      held = false;
      signalLost();
    };
    client.on('error', onGone);
    client.on('end', onGone);
    try {
      await client.connect();
      const [row] = (await client.query<{ acquired: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS acquired', [`promo-ledger:${name}`])).rows;
      held = row.acquired;
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (!held) {
      await client.end().catch(() => undefined);
      return null;
    }
    const lease: Lease = {
      lost,
      isHeld: () => held,
      release: async () => {
        this.open.delete(lease);
        if (!held) return;
        held = false;
        await client.end().catch(() => undefined); // ending the session frees the lock
      },
    };
    this.open.add(lease);
    return lease;
  }

  async close(): Promise<void> {
    await Promise.all([...this.open].map((lease) => lease.release()));
  }
}
