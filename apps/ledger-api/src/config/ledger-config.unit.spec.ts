import { InvalidConfigError, loadLedgerConfig } from './ledger-config';

const KEYS = 'checkout=checkout-key-0123456789,finance=finance-key-0123456789';

describe('ledger configuration', () => {
  it('defaults to embedded mode on port 3000 with ./data', () => {
    const config = loadLedgerConfig({}, '/srv/ledger');
    expect(config).toMatchObject({ port: 3000, mode: 'embedded', dataDir: '/srv/ledger/data', databaseUrl: null });
  });

  it('keeps LEDGER_DATA_DIR=memory:// as it is: an embedded ledger with nothing on disk', () => {
    expect(loadLedgerConfig({ LEDGER_DATA_DIR: 'memory://' }, '/srv/ledger')).toMatchObject({ mode: 'embedded', dataDir: 'memory://' });
  });

  it('has fault injection off unless LEDGER_FAULT_INJECTION=on, and refuses anything else', () => {
    expect(loadLedgerConfig({}).faultInjection).toBe(false);
    expect(loadLedgerConfig({ LEDGER_FAULT_INJECTION: 'on' }).faultInjection).toBe(true);
    expect(() => loadLedgerConfig({ LEDGER_FAULT_INJECTION: 'yes' })).toThrow(/LEDGER_FAULT_INJECTION must be "on" or "off"/);
  });

  it('keeps Idempotency-Keys 24 hours unless LEDGER_IDEMPOTENCY_RETENTION_HOURS says otherwise, in whole hours', () => {
    expect(loadLedgerConfig({}).idempotencyRetentionHours).toBe(24);
    expect(loadLedgerConfig({ LEDGER_IDEMPOTENCY_RETENTION_HOURS: '168' }).idempotencyRetentionHours).toBe(168);
    for (const bad of ['0', '1.5', 'a day', '9000']) {
      expect(() => loadLedgerConfig({ LEDGER_IDEMPOTENCY_RETENTION_HOURS: bad })).toThrow(/LEDGER_IDEMPOTENCY_RETENTION_HOURS/);
    }
  });

  it('switches to postgres when DATABASE_URL is set', () => {
    expect(loadLedgerConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1/test', LEDGER_API_KEYS: KEYS }).mode).toBe('postgres');
  });

  it('puts events in EventStoreDB when EVENTSTORE_URL is set alongside DATABASE_URL', () => {
    const env = { EVENTSTORE_URL: 'esdb://localhost:2113?tls=false', DATABASE_URL: 'postgres://x/y', LEDGER_API_KEYS: KEYS };
    expect(loadLedgerConfig(env).mode).toBe('eventstoredb');
  });

  it('refuses EVENTSTORE_URL without DATABASE_URL, saying why', () => {
    expect(() => loadLedgerConfig({ EVENTSTORE_URL: 'esdb://localhost:2113' })).toThrow(/needs DATABASE_URL/);
  });

  it('runs projections in-process unless told that apps/projector does', () => {
    expect(loadLedgerConfig({}).projections).toBe('in-process');
    expect(loadLedgerConfig({ LEDGER_PROJECTIONS: 'off' }).projections).toBe('off');
    expect(() => loadLedgerConfig({ LEDGER_PROJECTIONS: 'sometimes' })).toThrow(/LEDGER_PROJECTIONS/);
  });

  it('refuses a port that is not a port', () => {
    expect(() => loadLedgerConfig({ PORT: 'eighty' })).toThrow(InvalidConfigError);
    expect(() => loadLedgerConfig({ PORT: '70000' })).toThrow(InvalidConfigError);
  });

  it('parses several keys per role and names them without revealing the key', () => {
    const config = loadLedgerConfig({ LEDGER_API_KEYS: `${KEYS},checkout=second-checkout-key-0123` });
    expect(config.apiKeys.map((key) => key.role)).toEqual(['checkout', 'finance', 'checkout']);
    expect(config.apiKeys[0].keyId).toMatch(/^checkout:[0-9a-f]{8}$/);
    expect(JSON.stringify(config.apiKeys)).not.toContain('checkout-key-0123456789');
    expect(config.developmentKey).toBeNull();
  });

  it('generates a development admin key only in embedded mode without keys', () => {
    const config = loadLedgerConfig({});
    expect(config.developmentKey).toMatch(/^dev-admin-/);
    expect(config.apiKeys).toHaveLength(1);
    expect(config.apiKeys[0].role).toBe('admin');
    expect(() => loadLedgerConfig({ DATABASE_URL: 'postgres://x/y' })).toThrow(/LEDGER_API_KEYS is required in postgres mode/);
  });

  it('refuses unknown roles and short keys', () => {
    expect(() => loadLedgerConfig({ LEDGER_API_KEYS: 'root=0123456789abcdef0123' })).toThrow(/role one of/);
    expect(() => loadLedgerConfig({ LEDGER_API_KEYS: 'checkout=short' })).toThrow(/shorter than 16/);
  });
});

describe('monitor configuration', () => {
  it('runs the monitors every 5 s with the documented thresholds unless told otherwise', () => {
    const { monitors, metricsToken } = loadLedgerConfig({});
    expect(monitors).toMatchObject({ enabled: true, intervalMs: 5000, webhookUrl: null, lagSeconds: 10, successRate: { window: 20, threshold: 0.9 } });
    expect(metricsToken).toBeNull();
  });

  it('reads the switch, the interval, the thresholds, the webhook and the metrics token', () => {
    const config = loadLedgerConfig({
      LEDGER_MONITORS: 'off', LEDGER_MONITOR_INTERVAL_MS: '250', LEDGER_MONITOR_SUCCESS_THRESHOLD: '0.8', LEDGER_MONITOR_LAG_SECONDS: '2.5',
      LEDGER_ALERT_WEBHOOK: 'http://127.0.0.1:9000/alerts', LEDGER_METRICS_TOKEN: 'scrape-token',
    });
    expect(config.monitors).toMatchObject({ enabled: false, intervalMs: 250, lagSeconds: 2.5, webhookUrl: 'http://127.0.0.1:9000/alerts', successRate: { threshold: 0.8 } });
    expect(config.metricsToken).toBe('scrape-token');
  });

  it.each([
    ['LEDGER_MONITORS', 'maybe', /LEDGER_MONITORS must be "on"/],
    ['LEDGER_MONITOR_INTERVAL_MS', 'soon', /LEDGER_MONITOR_INTERVAL_MS must be a whole number/],
    ['LEDGER_MONITOR_INTERVAL_MS', '0', /from 50/],
    ['LEDGER_MONITOR_SUCCESS_THRESHOLD', '1.5', /LEDGER_MONITOR_SUCCESS_THRESHOLD must be a number from 0 to 1/],
    ['LEDGER_MONITOR_REJECTION_BASELINE', '50', /must be at least LEDGER_MONITOR_REJECTION_WINDOW/],
    ['LEDGER_ALERT_WEBHOOK', 'ftp://example.org/x', /LEDGER_ALERT_WEBHOOK must be an http\(s\) URL/],
    ['LEDGER_ALERT_WEBHOOK', 'not a url', /LEDGER_ALERT_WEBHOOK/],
  ])('refuses %s=%s with a sentence naming the variable', (name, value, message) => {
    expect(() => loadLedgerConfig({ [name]: value })).toThrow(InvalidConfigError);
    expect(() => loadLedgerConfig({ [name]: value })).toThrow(message);
  });
});
