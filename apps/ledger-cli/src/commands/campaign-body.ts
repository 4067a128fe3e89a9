import type { CampaignTerms } from '@promo-ledger/domain';
import { isRecord } from './read-json';

const REQUIRED_OBJECTS = ['target', 'conditions', 'benefit', 'stacking', 'limits', 'schedule'] as const;

/**
 * Accepts a campaign body as POSTed to /v1/campaigns (rule fields at top level) and returns its
 * terms, or the list of structural problems. Field-level sense (amounts, percents, dates) is
 * judged by the domain's validateTerms, the same rules the ledger applies on create.
 */
export function termsFromCampaignBody(body: unknown): { terms: CampaignTerms } | { problems: string[] } {
  if (!isRecord(body)) return { problems: ['the file must hold one JSON object: a campaign with its terms'] };
  const problems: string[] = [];
  if (typeof body.advertisedText !== 'string') problems.push('advertisedText: add the text shoppers are shown');
  for (const key of REQUIRED_OBJECTS) {
    if (!isRecord(body[key])) problems.push(`${key}: add an object (see DESIGN §4 for its fields)`);
  }
  if (problems.length > 0) return { problems };
  return { terms: body as unknown as CampaignTerms };
}
