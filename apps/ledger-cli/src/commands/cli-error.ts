/**
 * A failure the CLI reports as one `ledger: <sentence>` line with its own exit code, instead of a
 * stack trace: 2 when the caller's input or request was wrong, 1 when the ledger or the machine failed.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The caller gave something unusable (a missing file, bad JSON, an unknown projection): exit 2. */
export class CliInputError extends CliError {
  constructor(message: string) {
    super(message, 2);
    this.name = 'CliInputError';
  }
}
