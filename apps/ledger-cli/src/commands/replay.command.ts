import type { AuditReport } from '@promo-ledger/audit';
import { CliInputError } from './read-json';
import { replayTable } from './replay-table';
import type { CommandOutput } from './terms-check.command';

export interface ReplayCommandOptions {
  readonly format?: 'table' | 'json' | 'csv';
  /** The running ledger; default LEDGER_URL, else http://127.0.0.1:3000. */
  readonly url?: string;
  /** A finance (or admin) key; default LEDGER_API_KEY. */
  readonly apiKey?: string;
}

/**
 * `ledger replay <orderId> [--json|--csv]`: asks a running ledger for the order's audit (GET
 * /v1/orders/:id/audit, or audit.csv) and prints it — by default as a table with the divergence
 * marked and the refund due at the end. A refusal (unknown order, wrong key) exits 1 with its sentence.
 */
export async function replay(orderId: string, options: ReplayCommandOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<CommandOutput> {
  const format = options.format ?? 'table';
  const base = (options.url ?? env.LEDGER_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  const apiKey = options.apiKey ?? env.LEDGER_API_KEY;
  if (!apiKey) throw new CliInputError('set LEDGER_API_KEY to a finance (or admin) key of the ledger');
  const url = `${base}/v1/orders/${encodeURIComponent(orderId)}/audit${format === 'csv' ? '.csv' : ''}`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { Authorization: `Bearer ${apiKey}` } });
  } catch (error) {
    throw new CliInputError(`cannot reach the ledger at ${base} (${error instanceof Error ? (error.cause as Error | undefined)?.message ?? error.message : String(error)}); start it or set LEDGER_URL`);
  }
  const text = await response.text();
  if (!response.ok) return { exitCode: 1, lines: [refusal(response.status, text)] };
  if (format === 'csv') return { exitCode: 0, lines: text.split('\r\n').filter((line) => line !== '') };
  if (format === 'json') return { exitCode: 0, lines: [text] };
  return { exitCode: 0, lines: replayTable(JSON.parse(text) as AuditReport) };
}

/** The problem+json sentence, e.g. `404 ORDER.NOT_FOUND: No order … is recorded …`. */
function refusal(status: number, text: string): string {
  try {
    const problem = JSON.parse(text) as { code?: string; detail?: string };
    return `${status} ${problem.code ?? ''}: ${problem.detail ?? text}`;
  } catch {
    return `${status}: ${text}`;
  }
}
