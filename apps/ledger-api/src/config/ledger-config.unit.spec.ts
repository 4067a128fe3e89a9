import { InvalidConfigError, loadLedgerConfig } from './ledger-config';

describe('ledger configuration', () => {
  it('defaults to embedded mode on port 3000 with ./data', () => {
    const config = loadLedgerConfig({}, '/srv/ledger');
    expect(config).toMatchObject({ port: 3000, mode: 'embedded', dataDir: '/srv/ledger/data', databaseUrl: null });
  });

  it('switches to postgres when DATABASE_URL is set', () => {
    expect(loadLedgerConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1/test' }).mode).toBe('postgres');
  });

  it('puts events in EventStoreDB when EVENTSTORE_URL is set alongside DATABASE_URL', () => {
    const env = { EVENTSTORE_URL: 'esdb://localhost:2113?tls=false', DATABASE_URL: 'postgres://x/y' };
    expect(loadLedgerConfig(env).mode).toBe('eventstoredb');
  });

  it('refuses EVENTSTORE_URL without DATABASE_URL, saying why', () => {
    expect(() => loadLedgerConfig({ EVENTSTORE_URL: 'esdb://localhost:2113' })).toThrow(/needs DATABASE_URL/);
  });

  it('refuses a port that is not a port', () => {
    expect(() => loadLedgerConfig({ PORT: 'eighty' })).toThrow(InvalidConfigError);
    expect(() => loadLedgerConfig({ PORT: '70000' })).toThrow(InvalidConfigError);
  });
});
