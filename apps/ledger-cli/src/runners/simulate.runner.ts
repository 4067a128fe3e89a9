import { Command, CommandRunner, Option } from 'nest-commander';
import { printOutput } from '../commands/print-output';
import { demo } from '../simulate/demo.command';
import { simulate, type SimulateFlags } from '../simulate/simulate.command';

const printLine = (line: string) => void process.stdout.write(`${line}\n`);

/** The simulation's knobs, shared by `simulate spring40` and `demo`; values are checked by simulationOptions. */
abstract class SimulationFlagsRunner extends CommandRunner {
  @Option({ flags: '--size <shoppers>', description: 'shoppers to simulate (default 2000)' })
  parseSize(value: string): string {
    return value;
  }

  @Option({ flags: '--fault-share <share>', description: 'share of discount-due orders the faulty checkout charges without the discount, 0..1 (default 0.15)' })
  parseFaultShare(value: string): string {
    return value;
  }

  @Option({ flags: '--fault-after <share>', description: 'share of the shoppers served before the fault is injected (default 0.4)' })
  parseFaultAfter(value: string): string {
    return value;
  }

  @Option({ flags: '--seed <n>', description: 'the same seed gives the same shoppers, carts and faulted orders (default 42)' })
  parseSeed(value: string): string {
    return value;
  }

  @Option({ flags: '--concurrency <n>', description: 'shoppers in flight at once (default 8)' })
  parseConcurrency(value: string): string {
    return value;
  }

  @Option({ flags: '--speed <factor>', description: 'simulated seconds per real second; 0 runs as fast as the ledger answers (default 0)' })
  parseSpeed(value: string): string {
    return value;
  }

  @Option({ flags: '--hours <h>', description: 'simulated hours the shoppers arrive over (default 6)' })
  parseHours(value: string): string {
    return value;
  }

  @Option({ flags: '--projection-lag <seconds>', description: "also hold the ledger's read models back this long when the fault begins (needs LEDGER_FAULT_INJECTION=on; the demo's ledger has it) (default 0)" })
  parseProjectionLag(value: string): string {
    return value;
  }

  @Option({ flags: '--run-tag <tag>', description: "suffix for this run's carts, customers and orders (default random)" })
  parseRunTag(value: string): string {
    return value;
  }
}

@Command({
  name: 'simulate',
  arguments: '<scenario>',
  description: 'replay an incident (spring40) against a running ledger through its HTTP API: LEDGER_URL, and LEDGER_API_KEY (admin) or LEDGER_API_KEYS="role=key,…"',
})
export class SimulateRunner extends SimulationFlagsRunner {
  run([scenario]: string[], flags: SimulateFlags = {}): Promise<void> {
    return printOutput(() => simulate(scenario, flags, process.env, printLine));
  }
}

@Command({ name: 'demo', description: 'start an embedded ledger, run the SPRING40 incident against it, tell the story, stop the ledger' })
export class DemoRunner extends SimulationFlagsRunner {
  run(_args: string[], flags: SimulateFlags = {}): Promise<void> {
    return printOutput(() => demo(flags, printLine));
  }
}
