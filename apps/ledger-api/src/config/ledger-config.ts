import { isAbsolute, resolve } from 'node:path';
import { type ApiKey, generateDevelopmentKey, parseApiKeys } from '../auth/api-keys';
import { InvalidConfigError } from './config-error';
import { loadMonitorConfig, type MonitorConfig } from './monitor-config';

export { InvalidConfigError } from './config-error';

export type StorageMode = 'embedded' | 'postgres' | 'eventstoredb';

/** Everything the ledger reads from its environment, parsed once at start-up (DESIGN §8). */
export interface LedgerConfig {
  readonly port: number;
  readonly mode: StorageMode;
  readonly dataDir: string;
  readonly databaseUrl: string | null;
  readonly eventStoreUrl: string | null;
  readonly logLevel: string;
  /** in-process: this process keeps the read models up to date (leased, so replicas share the work); off: apps/projector does. */
  readonly projections: 'in-process' | 'off';
  readonly apiKeys: readonly ApiKey[];
  /** Set only in embedded mode without LEDGER_API_KEYS: an admin key for this process, printed once. */
  readonly developmentKey: string | null;
  /** Built-in monitors and the alert webhook (LEDGER_MONITORS, LEDGER_MONITOR_*, LEDGER_ALERT_WEBHOOK*). */
  readonly monitors: MonitorConfig;
  /** LEDGER_METRICS_TOKEN: when set, GET /metrics needs it as a bearer token. */
  readonly metricsToken: string | null;
  /** LEDGER_FAULT_INJECTION=on: admin may hold the in-process projections back (demos and drills, never production). */
  readonly faultInjection: boolean;
  /** LEDGER_IDEMPOTENCY_RETENTION_HOURS: how long an Idempotency-Key's record (and stored answer) is kept. */
  readonly idempotencyRetentionHours: number;
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidConfigError(`PORT must be an integer between 0 and 65535, got "${raw}"`);
  }
  return port;
}

function chooseMode(databaseUrl: string | null, eventStoreUrl: string | null): StorageMode {
  if (eventStoreUrl) {
    if (!databaseUrl) {
      throw new InvalidConfigError('EVENTSTORE_URL needs DATABASE_URL too: read models and checkpoints live in PostgreSQL');
    }
    return 'eventstoredb';
  }
  return databaseUrl ? 'postgres' : 'embedded';
}

/** LEDGER_DATA_DIR=memory://: embedded PGlite keeps nothing on disk (demos, throwaway runs); gone when the process ends. */
export const IN_MEMORY = 'memory://';

/** Where the ledger keeps its data, from DATABASE_URL / EVENTSTORE_URL / LEDGER_DATA_DIR: shared by the API, apps/projector and the CLI. */
export function loadStorageConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Pick<LedgerConfig, 'mode' | 'dataDir' | 'databaseUrl' | 'eventStoreUrl'> {
  const databaseUrl = env.DATABASE_URL || null;
  const eventStoreUrl = env.EVENTSTORE_URL || null;
  const dataDir = env.LEDGER_DATA_DIR || './data';
  const where = dataDir === IN_MEMORY || isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir);
  return { mode: chooseMode(databaseUrl, eventStoreUrl), dataDir: where, databaseUrl, eventStoreUrl };
}

export function loadLedgerConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): LedgerConfig {
  const storage = loadStorageConfig(env, cwd);
  const keys = loadApiKeys(env.LEDGER_API_KEYS, storage.mode);
  return {
    ...storage,
    port: parsePort(env.PORT),
    logLevel: env.LOG_LEVEL || 'info',
    projections: parseProjections(env.LEDGER_PROJECTIONS),
    ...keys,
    monitors: loadMonitorConfig(env),
    metricsToken: env.LEDGER_METRICS_TOKEN || null,
    faultInjection: parseOnOff('LEDGER_FAULT_INJECTION', env.LEDGER_FAULT_INJECTION),
    idempotencyRetentionHours: parseRetentionHours(env.LEDGER_IDEMPOTENCY_RETENTION_HOURS),
  };
}

/** 24 h by default: retries come within minutes; a caller that queues failed writes longer raises it. */
function parseRetentionHours(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 24;
  const hours = Number(raw);
  if (!Number.isInteger(hours) || hours < 1 || hours > 24 * 365) {
    throw new InvalidConfigError(`LEDGER_IDEMPOTENCY_RETENTION_HOURS must be a whole number of hours from 1 to 8760 (default 24), got "${raw}"`);
  }
  return hours;
}

function parseOnOff(name: string, raw: string | undefined): boolean {
  if (raw === undefined || raw === '' || raw === 'off') return false;
  if (raw === 'on') return true;
  throw new InvalidConfigError(`${name} must be "on" or "off" (default), got "${raw}"`);
}

function parseProjections(raw: string | undefined): LedgerConfig['projections'] {
  if (raw === undefined || raw === '' || raw === 'in-process') return 'in-process';
  if (raw === 'off') return 'off';
  throw new InvalidConfigError(`LEDGER_PROJECTIONS must be "in-process" (default) or "off" (apps/projector runs them), got "${raw}"`);
}

function loadApiKeys(raw: string | undefined, mode: StorageMode): Pick<LedgerConfig, 'apiKeys' | 'developmentKey'> {
  if (raw && raw.trim() !== '') {
    try {
      return { apiKeys: parseApiKeys(raw), developmentKey: null };
    } catch (error) {
      throw new InvalidConfigError((error as Error).message);
    }
  }
  if (mode !== 'embedded') {
    throw new InvalidConfigError(`LEDGER_API_KEYS is required in ${mode} mode: set "role=key,…" (roles: checkout, pricing, marketing, support, finance, admin)`);
  }
  const developmentKey = generateDevelopmentKey();
  return { apiKeys: parseApiKeys(`admin=${developmentKey}`), developmentKey };
}

export const LEDGER_CONFIG = Symbol('LEDGER_CONFIG');
