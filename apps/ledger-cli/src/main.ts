import { Command } from 'commander';
import { CliInputError } from './commands/read-json';
import { quote } from './commands/quote.command';
import { rebuild } from './commands/rebuild.command';
import { type CommandOutput, termsCheck } from './commands/terms-check.command';
import { demo } from './simulate/demo.command';
import { simulate, type SimulateFlags } from './simulate/simulate.command';

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

const printLine = (line: string) => process.stdout.write(`${line}\n`);
const withSimulationOptions = (command: Command) =>
  command
    .option('--size <shoppers>', 'shoppers to simulate', '2000')
    .option('--fault-share <share>', 'share of discount-due orders the faulty checkout charges without the discount, 0..1', '0.15')
    .option('--fault-after <share>', 'share of the shoppers served before the fault is injected', '0.4')
    .option('--seed <n>', 'seed: the same seed gives the same shoppers, carts and faulted orders', '42')
    .option('--concurrency <n>', 'shoppers in flight at once', '8')
    .option('--speed <factor>', 'simulated seconds per real second (0: as fast as the ledger answers)', '0')
    .option('--hours <h>', 'simulated hours the shoppers arrive over', '6')
    .option('--run-tag <tag>', 'suffix for this run\'s carts, customers and orders (default: random)');

withSimulationOptions(program.command('simulate <scenario>'))
  .description('replay an incident against a running ledger (LEDGER_URL, LEDGER_API_KEY or LEDGER_API_KEYS) through its HTTP API; scenario: spring40')
  .action((scenario: string, flags: SimulateFlags) => run(() => simulate(scenario, flags, process.env, printLine)));

withSimulationOptions(program.command('demo'))
  .description('start an embedded ledger, run the SPRING40 incident against it, tell the story, stop it')
  .action((flags: SimulateFlags) => run(() => demo(flags, printLine)));

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`ledger: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
