import { Command, CommandRunner, SubCommand } from 'nest-commander';
import { importPrices } from '../commands/import-prices.command';
import { printOutput } from '../commands/print-output';
import { LedgerClient, ledgerClientConfig } from '../http/ledger-client';
import { importProgress } from './import-progress';

@SubCommand({
  name: 'prices',
  arguments: '<file>',
  description: 'import a price list CSV (sku,amount,currency,category[,effectiveAt][,reason]; amount like 129.00) through POST /v1/prices/batch on LEDGER_URL with LEDGER_API_KEY (role pricing); a file with any bad line imports nothing',
})
export class ImportPricesRunner extends CommandRunner {
  run([file]: string[]): Promise<void> {
    return printOutput(() => importPrices(file, new LedgerClient(ledgerClientConfig()), importProgress()));
  }
}

/** `ledger import` alone only lists what can be imported. */
@Command({ name: 'import', description: 'import data into a running ledger', subCommands: [ImportPricesRunner] })
export class ImportRunner extends CommandRunner {
  run(): Promise<void> {
    this.command.help({ error: true });
  }
}
