import { validateTerms } from '@promo-ledger/domain';
import { termsFromCampaignBody } from './campaign-body';
import { CliInputError, readJsonFile } from './read-json';

export interface CommandOutput {
  readonly exitCode: number;
  readonly lines: readonly string[];
}

export async function termsCheck(path: string): Promise<CommandOutput> {
  const parsed = termsFromCampaignBody(await readJsonFile(path));
  if ('problems' in parsed) {
    return { exitCode: 1, lines: [`${path}: not a campaign`, ...parsed.problems.map((text) => `  - ${text}`)] };
  }
  const problems = validateTerms(parsed.terms);
  if (problems.length === 0) return { exitCode: 0, lines: [`${path}: terms are valid`] };
  return {
    exitCode: 1,
    lines: [`${path}: ${problems.length} problem(s)`, ...problems.map((p) => `  - ${p.field}: ${p.message}`)],
  };
}

export { CliInputError };
