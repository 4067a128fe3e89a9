import { CliError } from './cli-error';
import type { CommandOutput } from './terms-check.command';

/**
 * Prints a command's lines and sets the exit code. Expected failures (CliError) become one
 * `ledger: <sentence>` line on stderr with their exit code; anything else is a bug and propagates.
 */
export async function printOutput(action: () => Promise<CommandOutput>): Promise<void> {
  try {
    const output = await action();
    for (const line of output.lines) process.stdout.write(`${line}\n`);
    process.exitCode = output.exitCode;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    process.stderr.write(`ledger: ${error.message}\n`);
    process.exitCode = error.exitCode;
  }
}
