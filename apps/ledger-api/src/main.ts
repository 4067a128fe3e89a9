import 'reflect-metadata';
import { createLedgerApp } from './bootstrap';
import { loadLedgerConfig } from './config/ledger-config';

async function main(): Promise<void> {
  const config = loadLedgerConfig();
  const app = await createLedgerApp(config);
  await app.listen(config.port, '0.0.0.0');
  const where = config.mode === 'embedded' ? `data in ${config.dataDir}` : `mode ${config.mode}`;
  process.stdout.write(`promo-ledger listening on http://localhost:${config.port} (${where})\n`);
  if (config.developmentKey) {
    process.stdout.write(`development admin key (this process only; set LEDGER_API_KEYS for real keys):\n  ${config.developmentKey}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`promo-ledger failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
