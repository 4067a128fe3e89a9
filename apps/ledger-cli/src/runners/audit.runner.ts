import { Command, CommandRunner, Option } from 'nest-commander';
import { printOutput } from '../commands/print-output';
import { replay } from '../commands/replay.command';
import { verify } from '../commands/verify.command';

interface ReplayFlags {
  readonly json?: boolean;
  readonly csv?: boolean;
}

@Command({
  name: 'replay',
  arguments: '<orderId>',
  description: "an order event by event as the ledger recomputes it — divergence marked, refund due at the end (GET /v1/orders/:id/audit on LEDGER_URL with LEDGER_API_KEY, role finance)",
})
export class ReplayRunner extends CommandRunner {
  run([orderId]: string[], flags: ReplayFlags = {}): Promise<void> {
    return printOutput(() => replay(orderId, { format: flags.csv ? 'csv' : flags.json ? 'json' : 'table' }));
  }

  @Option({ flags: '--json', description: 'the audit as JSON (byte-identical for the same log)' })
  parseJson(): boolean {
    return true;
  }

  @Option({ flags: '--csv', description: 'one CSV row per step' })
  parseCsv(): boolean {
    return true;
  }
}

@Command({
  name: 'verify',
  description: "check every stream's hash chain and name the first broken link of any tampered stream; reads DATABASE_URL / EVENTSTORE_URL / LEDGER_DATA_DIR like the ledger",
})
export class VerifyRunner extends CommandRunner {
  run(): Promise<void> {
    return printOutput(() => verify(process.env, (line) => process.stdout.write(`${line}\n`)));
  }
}
