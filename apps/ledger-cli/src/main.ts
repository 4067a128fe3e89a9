import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { LedgerCliModule } from './ledger-cli.module';

CommandFactory.run(LedgerCliModule, {
  logger: false,
  version: '0.1.0',
  // a failure no command turned into a sentence: one line and exit 1 (commands print their expected failures themselves)
  serviceErrorHandler: (error: Error) => {
    process.stderr.write(`ledger: ${error.message}\n`);
    process.exitCode = 1;
  },
}).catch((error: unknown) => {
  process.stderr.write(`ledger: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
