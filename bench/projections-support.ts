import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { EVENT_REGISTRY } from '../libs/domain/src';
import { EventTypeRegistry } from '../libs/event-store/src';
import { freePort } from '../apps/ledger-cli/src/simulate/embedded-ledger';

/** What the projections benchmark shares with bench:checkout's way of running things. */

/** The store's registry as ledger-api builds it (apps/ledger-api/src/store/domain-event-types.ts). */
export function ledgerEventTypes(): EventTypeRegistry {
  return new EventTypeRegistry(Object.fromEntries(EVENT_REGISTRY.map((entry) => [entry.type, { schemaVersion: entry.schemaVersion }])));
}

export async function withAdmin<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database next to DATABASE_URL's; `drop` removes it whatever happened. */
export async function freshDatabase(adminUrl: string, prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const database = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE "${database}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return { url: url.toString(), drop: () => withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)).then(() => undefined) };
}

export interface RunningApi {
  readonly baseUrl: string;
  readonly apiKey: string;
  /** The server's process id (its peak RSS is VmHWM in /proc/<pid>/status). */
  readonly pid: number;
  stop(): Promise<void>;
}

/** The repository's root, seen from dist/bench/bench. */
export const REPOSITORY = join(__dirname, '..', '..', '..');

/**
 * The node options a package.json script gives its program (`npm start`'s heap limit, `npm run
 * ledger`'s young generation), read from the script itself so a benchmark runs the program exactly
 * as the script does.
 */
export function npmScriptNodeArgs(script: 'start' | 'ledger'): string[] {
  const scripts = (JSON.parse(readFileSync(join(REPOSITORY, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const command = scripts[script].split('&&').pop()?.trim().split(/\s+/) ?? [];
  return command.slice(command.indexOf('node') + 1).filter((argument) => argument.startsWith('--'));
}

/**
 * ledger-api as `npm start` runs it (projections in-process, the default; its node options), on
 * loopback: on PostgreSQL at `databaseUrl`, or embedded (PGlite in memory) when it is null.
 * `nodeArgs` are added for the server's node only, e.g. `--cpu-prof`.
 */
export async function startLedgerApi(databaseUrl: string | null, options: { nodeArgs?: readonly string[]; stdout?: 'inherit' | 'ignore' } = {}): Promise<RunningApi> {
  const port = await freePort();
  const apiKey = `bench-admin-${randomUUID()}`;
  const main = join(REPOSITORY, 'dist', 'apps', 'ledger-api', 'src', 'main.js');
  const server: ChildProcess = spawn(process.execPath, [...npmScriptNodeArgs('start'), ...(options.nodeArgs ?? []), main], {
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'DATABASE_URL' && name !== 'EVENTSTORE_URL')),
      ...(databaseUrl === null ? { LEDGER_DATA_DIR: 'memory://' } : { DATABASE_URL: databaseUrl }),
      PORT: String(port), LEDGER_API_KEYS: `admin=${apiKey}`, LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', options.stdout ?? 'ignore', 'inherit'],
  });
  const stop = async (): Promise<void> => {
    if (server.exitCode !== null) return;
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 150; attempt += 1) {
    if (await fetch(`${baseUrl}/health/ready`).then((response) => response.ok, () => false)) return { baseUrl, apiKey, pid: server.pid ?? 0, stop };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error('ledger-api did not become ready');
}

export const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), `|${header.map((_, column) => (column === 0 ? '---' : '---:')).join('|')}|`, ...rows.map(line)].join('\n');
}

export const rate = (events: number, seconds: number): string => Math.round(events / Math.max(seconds, 1e-9)).toLocaleString('en-US');
