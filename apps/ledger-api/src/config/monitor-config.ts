import { InvalidConfigError } from './config-error';

/** The built-in monitors (DESIGN §9), their thresholds and the alert webhook; every value has a sane default. */
export interface MonitorConfig {
  readonly enabled: boolean;
  readonly intervalMs: number;
  /** Where raised and resolved alerts are POSTed; null: recorded and listed only. */
  readonly webhookUrl: string | null;
  readonly webhookAttempts: number;
  readonly webhookBackoffMs: number;
  readonly webhookMaxBackoffMs: number;
  readonly successRate: { readonly window: number; readonly threshold: number; readonly drop: number };
  readonly rejectionSpike: { readonly window: number; readonly baseline: number; readonly minCount: number; readonly factor: number; readonly minIncrease: number };
  readonly lagSeconds: number;
}

type Env = NodeJS.ProcessEnv;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new InvalidConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return value;
}

function ratio(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new InvalidConfigError(`${name} must be a number from ${min} to ${max}, got "${raw}"`);
  return value;
}

function enabled(raw: string | undefined): boolean {
  if (raw === undefined || raw === '' || raw === 'on') return true;
  if (raw === 'off') return false;
  throw new InvalidConfigError(`LEDGER_MONITORS must be "on" (default) or "off", got "${raw}"`);
}

function webhook(raw: string | undefined): string | null {
  if (raw === undefined || raw.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidConfigError(`LEDGER_ALERT_WEBHOOK must be an http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidConfigError(`LEDGER_ALERT_WEBHOOK must be an http(s) URL, got "${raw}"`);
  return url.toString();
}

export function loadMonitorConfig(env: Env): MonitorConfig {
  const rejectionWindow = integer(env, 'LEDGER_MONITOR_REJECTION_WINDOW', 200, 2, 100_000);
  const baseline = integer(env, 'LEDGER_MONITOR_REJECTION_BASELINE', 1000, 2, 1_000_000);
  if (baseline < rejectionWindow) {
    throw new InvalidConfigError(`LEDGER_MONITOR_REJECTION_BASELINE (${baseline}) must be at least LEDGER_MONITOR_REJECTION_WINDOW (${rejectionWindow}): the baseline is what the window is compared with`);
  }
  return {
    enabled: enabled(env.LEDGER_MONITORS),
    intervalMs: integer(env, 'LEDGER_MONITOR_INTERVAL_MS', 5000, 50, 3_600_000),
    webhookUrl: webhook(env.LEDGER_ALERT_WEBHOOK),
    webhookAttempts: integer(env, 'LEDGER_ALERT_WEBHOOK_ATTEMPTS', 8, 1, 100),
    webhookBackoffMs: integer(env, 'LEDGER_ALERT_WEBHOOK_BACKOFF_MS', 500, 1, 600_000),
    webhookMaxBackoffMs: integer(env, 'LEDGER_ALERT_WEBHOOK_MAX_BACKOFF_MS', 30_000, 1, 3_600_000),
    successRate: {
      window: integer(env, 'LEDGER_MONITOR_SUCCESS_WINDOW', 20, 2, 10_000),
      threshold: ratio(env, 'LEDGER_MONITOR_SUCCESS_THRESHOLD', 0.9, 0, 1),
      drop: ratio(env, 'LEDGER_MONITOR_SUCCESS_DROP', 0.1, 0.01, 1),
    },
    rejectionSpike: {
      window: rejectionWindow,
      baseline,
      minCount: integer(env, 'LEDGER_MONITOR_REJECTION_MIN_COUNT', 20, 1, 100_000),
      factor: ratio(env, 'LEDGER_MONITOR_REJECTION_FACTOR', 3, 1, 1000),
      minIncrease: ratio(env, 'LEDGER_MONITOR_REJECTION_MIN_INCREASE', 0.1, 0, 1),
    },
    lagSeconds: ratio(env, 'LEDGER_MONITOR_LAG_SECONDS', 10, 0.1, 86_400),
  };
}
