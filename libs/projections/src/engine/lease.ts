/**
 * At most one active instance per projection: whoever holds the lease applies, everyone else waits.
 * The lease only decides who tries; correctness does not rest on it — every batch also checks, in
 * its own transaction, that the checkpoint it started from is still the stored one (see
 * generations.ts), so a holder that lost its lease without noticing cannot double-apply.
 */
export interface Lease {
  /** Settles when the lease is lost (connection gone) or released. */
  readonly lost: Promise<void>;
  isHeld(): boolean;
  release(): Promise<void>;
}

export interface LeaseProvider {
  /** The lease, or null when another instance holds it. Never waits. */
  tryAcquire(name: string): Promise<Lease | null>;
  close(): Promise<void>;
}

/** One process owns the database (PGlite): leases only keep two runners of this process apart. */
export class InProcessLeases implements LeaseProvider {
  private readonly held = new Set<string>();

  tryAcquire(name: string): Promise<Lease | null> {
    if (this.held.has(name)) return Promise.resolve(null);
    this.held.add(name);
    let release!: () => void;
    const lost = new Promise<void>((resolve) => (release = resolve));
    let held = true;
    return Promise.resolve({
      lost,
      isHeld: () => held,
      release: () => {
        if (held) {
          held = false;
          this.held.delete(name);
          release();
        }
        return Promise.resolve();
      },
    });
  }

  close(): Promise<void> {
    this.held.clear();
    return Promise.resolve();
  }
}
