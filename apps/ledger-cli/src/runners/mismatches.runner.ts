import { Command, CommandRunner, Option } from 'nest-commander';
import { mismatches, type MismatchesOptions } from '../commands/mismatches.command';
import { printOutput } from '../commands/print-output';
import { LedgerClient, ledgerClientConfig } from '../http/ledger-client';

@Command({
  name: 'mismatches',
  description: 'orders charged something other than they should have cost, and the exposure per currency (GET /v1/mismatches on LEDGER_URL with LEDGER_API_KEY, role finance)',
})
export class MismatchesRunner extends CommandRunner {
  run(_args: string[], options: MismatchesOptions = {}): Promise<void> {
    return printOutput(() => mismatches(new LedgerClient(ledgerClientConfig()), options));
  }

  @Option({ flags: '--status <status>', description: 'open or resolved (default: both)' })
  parseStatus(value: string): string {
    return value;
  }

  @Option({ flags: '--campaign <id>', description: 'only orders with a discount from this campaign' })
  parseCampaign(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'print the items and totals as JSON' })
  parseJson(): boolean {
    return true;
  }
}
