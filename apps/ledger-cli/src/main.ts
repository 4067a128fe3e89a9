import { Command } from 'commander';
import { CliInputError } from './commands/read-json';
import { quote } from './commands/quote.command';
import { rebuild } from './commands/rebuild.command';
import { type CommandOutput, termsCheck } from './commands/terms-check.command';

/** Prints a command's lines and sets the exit code; input problems exit 2 with the sentence. */
async function run(action: () => Promise<CommandOutput>): Promise<void> {
  try {
    const output = await action();
    for (const line of output.lines) process.stdout.write(`${line}\n`);
    process.exitCode = output.exitCode;
  } catch (error) {
    if (!(error instanceof CliInputError)) throw error;
    process.stderr.write(`ledger: ${error.message}\n`);
    process.exitCode = 2;
  }
}

const program = new Command('ledger')
  .description('promo-ledger command line: check campaign terms, price a cart offline, rebuild read models; replay, verify arrive with their issues')
  .version('0.1.0');

program
  .command('terms')
  .description('campaign terms')
  .command('check <file>')
  .description('validate a campaign JSON (the body of POST /v1/campaigns) with the rules the ledger applies')
  .action((file: string) => run(() => termsCheck(file)));

program
  .command('quote <file>')
  .description('price a cart offline against campaign bodies (see apps/ledger-cli/src/commands/quote.command.ts for the file shape)')
  .action((file: string) => run(() => quote(file)));

program
  .command('rebuild <projection>')
  .description('rebuild a read model (or "all") into fresh tables from the whole log, then swap it in; reads DATABASE_URL / EVENTSTORE_URL / LEDGER_DATA_DIR like the ledger')
  .action((name: string) => run(() => rebuild(name, process.env, (line) => process.stdout.write(`${line}\n`))));

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`ledger: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
