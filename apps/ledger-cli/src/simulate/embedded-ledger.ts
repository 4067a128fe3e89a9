import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A ledger of its own for the demo: the built ledger-api on embedded PGlite held in memory (nothing left on disk). */
export interface EmbeddedLedger {
  readonly url: string;
  /** `LEDGER_API_KEYS` it was started with, one fresh key per role. */
  readonly apiKeys: string;
  stop(): Promise<void>;
}

const ROLES = ['checkout', 'pricing', 'marketing', 'support', 'finance', 'admin'] as const;

/** A loopback port nothing listens on now, from the OS (a random one could be RabbitMQ's epmd, 4369, or PostgreSQL's). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the ledger exited with code ${child.exitCode} before it was ready`);
    try {
      if ((await fetch(`${url}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the ledger at ${url} was not ready within ${timeoutMs / 1000} s`);
}

/**
 * Starts `dist/apps/ledger-api/src/main.js` (built next to this file by `npm run demo`) with the
 * monitors evaluating every `monitorIntervalMs`, and waits for /health/ready.
 */
export async function startEmbeddedLedger(monitorIntervalMs: number, env: NodeJS.ProcessEnv = process.env): Promise<EmbeddedLedger> {
  const port = await freePort();
  const apiKeys = ROLES.map((role) => `${role}=${role}-${randomBytes(16).toString('hex')}`).join(',');
  const main = join(__dirname, '..', '..', '..', 'ledger-api', 'src', 'main.js');
  const child = spawn(process.execPath, [main], {
    env: {
      ...env, PORT: String(port), LEDGER_DATA_DIR: 'memory://', LEDGER_API_KEYS: apiKeys, LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
      LEDGER_MONITOR_INTERVAL_MS: String(monitorIntervalMs), LEDGER_FAULT_INJECTION: 'on', DATABASE_URL: '', EVENTSTORE_URL: '',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  };
  try {
    await waitUntilReady(url, child, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, apiKeys, stop };
}
