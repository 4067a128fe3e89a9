import { Command, CommandRunner } from 'nest-commander';
import { printOutput } from '../commands/print-output';
import { rebuild } from '../commands/rebuild.command';

@Command({
  name: 'rebuild',
  arguments: '<projection>',
  description: 'rebuild a read model (or "all") into fresh tables from the whole log, then swap it in; reads DATABASE_URL / EVENTSTORE_URL / LEDGER_DATA_DIR like the ledger',
})
export class RebuildRunner extends CommandRunner {
  run([name]: string[]): Promise<void> {
    return printOutput(() => rebuild(name, process.env, (line) => process.stdout.write(`${line}\n`)));
  }
}
