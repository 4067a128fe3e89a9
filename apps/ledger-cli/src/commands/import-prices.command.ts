import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { MAX_BATCH } from '../../../ledger-api/src/prices/price.request.dto';
import { type LedgerClient, LedgerRequestError } from '../http/ledger-client';
import { CliInputError } from './cli-error';
import { ledgerCurrencies } from './ledger-currencies';
import { decideRows, type PriceRow, readPriceRows, type RowProblem } from './price-rows';
import type { CommandOutput } from './terms-check.command';

/** How the import shows its progress: a bar on a terminal, plain lines otherwise (see the runner). */
export interface ImportProgress {
  start(total: number): void;
  advance(imported: number): void;
  stop(): void;
}

const silent: ImportProgress = { start: () => undefined, advance: () => undefined, stop: () => undefined };
/** A chunk the ledger interrupted (a concurrent writer) is resumed from the failed item this many times. */
const MAX_RESUMES = 3;

interface BatchAnswer {
  readonly results: readonly { sku: string }[];
}

/**
 * `ledger import prices <file.csv>`: checks the whole file first (every cell, then the price rules
 * against each sku's currency in the ledger) and imports nothing if any row is wrong; otherwise sends
 * it through POST /v1/prices/batch in chunks of the batch's limit. Each chunk's Idempotency-Key is
 * derived from the file's hash and the chunk's index, so re-running the same file after a crash
 * replays the chunks already applied instead of appending them twice.
 */
export async function importPrices(path: string, client: LedgerClient, progress: ImportProgress = silent, now = new Date().toISOString()): Promise<CommandOutput> {
  const started = performance.now();
  const text = await readText(path);
  const { rows, problems } = readPriceRows(text);
  if (problems.length > 0) return badFile(path, problems, rows.length + new Set(problems.map((problem) => problem.line)).size);
  const ruled = decideRows(rows, await ledgerCurrencies(client, rows.map((row) => row.sku)), now);
  if (ruled.length > 0) return badFile(path, ruled, rows.length);

  const fileHash = createHash('sha256').update(text).digest('hex').slice(0, 32);
  const chunks = chunked(rows, MAX_BATCH);
  progress.start(rows.length);
  let imported = 0;
  try {
    for (const [index, chunk] of chunks.entries()) {
      await sendChunk(client, chunk, `prices-import-${fileHash}-${index}`);
      imported += chunk.length;
      progress.advance(imported);
    }
  } catch (error) {
    throw stoppedAt(error, imported, rows.length);
  } finally {
    progress.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  const skus = new Set(rows.map((row) => row.sku)).size;
  return {
    exitCode: 0,
    lines: [`${path}: imported ${rows.length} prices for ${skus} skus in ${chunks.length} batch${chunks.length === 1 ? '' : 'es'} in ${seconds.toFixed(1)} s`],
  };
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CliInputError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function badFile(path: string, problems: readonly RowProblem[], rowCount: number): CommandOutput {
  const lines = new Set(problems.map((problem) => problem.line)).size;
  return {
    exitCode: 2,
    lines: [
      `${path}: ${lines} of ${rowCount} lines are wrong, so nothing was imported; fix every line below and run the import again.`,
      ...[...problems].sort((left, right) => left.line - right.line).map(({ line, column, problem }) => `  line ${line}, ${column === '-' ? 'whole line' : column}: ${problem}`),
    ],
  };
}

/** A chunk interrupted part-way (409 PRICE.BATCH_INTERRUPTED) is resumed from the failed item under a key of its own. */
async function sendChunk(client: LedgerClient, chunk: readonly PriceRow[], key: string, resumes = 0): Promise<void> {
  const prices = chunk.map(({ sku, price, category, effectiveAt, reason }) => ({ sku, price, category, effectiveAt, reason }));
  try {
    await client.post<BatchAnswer>('/v1/prices/batch', { prices }, { idempotencyKey: key });
  } catch (error) {
    const failed = interruptedAt(error);
    if (failed === null || resumes >= MAX_RESUMES) throw error;
    await sendChunk(client, chunk.slice(failed), `${key}-from-${failed}`, resumes + 1);
  }
}

function interruptedAt(error: unknown): number | null {
  if (!(error instanceof LedgerRequestError) || error.problem?.code !== 'PRICE.BATCH_INTERRUPTED') return null;
  const failed = error.problem.failed as { index?: unknown } | undefined;
  return typeof failed?.index === 'number' ? failed.index : null;
}

/** Says how far the import got: re-running the same file is safe (the applied chunks replay), so that is the advice. */
function stoppedAt(error: unknown, imported: number, total: number): unknown {
  if (!(error instanceof LedgerRequestError)) return error;
  const sofar = imported === 0 ? 'nothing was imported' : `${imported} of ${total} prices were imported before`;
  return new LedgerRequestError(`${error.message} (${sofar}; run the same file again once fixed: chunks already applied are not applied twice)`, error.status, error.problem);
}

function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
