/** A configuration the ledger refuses to start with; the message says which variable to set and how. */
export class InvalidConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidConfigError';
  }
}
