import { Command, CommandRunner } from 'nest-commander';
import { printOutput } from '../commands/print-output';
import { quote } from '../commands/quote.command';

@Command({
  name: 'quote',
  arguments: '<file>',
  description: 'price a cart offline against campaign bodies (see apps/ledger-cli/src/commands/quote.command.ts for the file shape)',
})
export class QuoteRunner extends CommandRunner {
  run([file]: string[]): Promise<void> {
    return printOutput(() => quote(file));
  }
}
