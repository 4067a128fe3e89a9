import { Command, CommandRunner, SubCommand } from 'nest-commander';
import { printOutput } from '../commands/print-output';
import { termsCheck } from '../commands/terms-check.command';

@SubCommand({
  name: 'check',
  arguments: '<file>',
  description: 'validate a campaign JSON (the body of POST /v1/campaigns) with the rules the ledger applies',
})
export class TermsCheckRunner extends CommandRunner {
  run([file]: string[]): Promise<void> {
    return printOutput(() => termsCheck(file));
  }
}

/** `ledger terms` alone only lists its subcommands. */
@Command({ name: 'terms', description: 'campaign terms', subCommands: [TermsCheckRunner] })
export class TermsRunner extends CommandRunner {
  run(): Promise<void> {
    this.command.help({ error: true });
  }
}
