import { Module } from '@nestjs/common';
import { ReplayRunner, VerifyRunner } from './runners/audit.runner';
import { ImportPricesRunner, ImportRunner } from './runners/import.runner';
import { MismatchesRunner } from './runners/mismatches.runner';
import { ProgramName } from './program-name';
import { QuoteRunner } from './runners/quote.runner';
import { RebuildRunner } from './runners/rebuild.runner';
import { DemoRunner, SimulateRunner } from './runners/simulate.runner';
import { TermsCheckRunner, TermsRunner } from './runners/terms.runner';

/**
 * Every `ledger` command is a thin nest-commander runner over a plain function returning
 * `{ lines, exitCode }`; adding one is a runner of a few lines and a line here.
 */
@Module({
  providers: [ProgramName, TermsRunner, TermsCheckRunner, QuoteRunner, RebuildRunner, MismatchesRunner, ImportRunner, ImportPricesRunner, SimulateRunner, DemoRunner, ReplayRunner, VerifyRunner],
})
export class LedgerCliModule {}
