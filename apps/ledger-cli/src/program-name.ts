import { Injectable } from '@nestjs/common';
import { InjectCommander } from 'nest-commander';

/** The root program nest-commander builds (its own commander); all we change is how it introduces itself. */
interface Program {
  name(name: string): unknown;
  description(text: string): unknown;
}

/** Without this, `--help` would call the program after its entry file (`main`). */
@Injectable()
export class ProgramName {
  constructor(@InjectCommander() program: Program) {
    program.name('ledger');
    program.description('promo-ledger command line: check campaign terms, price a cart offline, rebuild read models, list mismatches, import prices');
  }
}
