import { formatMoney, type Money } from '@promo-ledger/domain';
import type { LedgerClient } from '../http/ledger-client';
import { CliInputError } from './cli-error';
import { textTable } from './text-table';
import type { CommandOutput } from './terms-check.command';

/** One item of GET /v1/mismatches, as far as the table uses it (DESIGN §8). */
export interface MismatchItem {
  readonly orderId: string;
  readonly customerId: string | null;
  readonly campaignIds: readonly string[];
  readonly expected: Money;
  readonly charged: Money;
  readonly delta: Money;
  readonly exposure: Money;
  readonly status: 'open' | 'resolved';
  readonly detectedAt: string;
}

interface MismatchPage {
  readonly items: MismatchItem[];
  readonly totals: { readonly count: number; readonly exposure: Money[] };
  readonly nextCursor: string | null;
}

export interface MismatchesOptions {
  readonly status?: string;
  readonly campaign?: string;
  readonly json?: boolean;
  /** Items per GET; the default is the largest page the query accepts (fewest round trips). */
  readonly pageSize?: number;
}

const STATUSES = ['open', 'resolved'];

/**
 * `ledger mismatches [--status open|resolved] [--campaign id] [--json]`: every order charged something
 * other than it should have cost (all pages of GET /v1/mismatches), and what is still owed per currency.
 */
export async function mismatches(client: LedgerClient, options: MismatchesOptions = {}): Promise<CommandOutput> {
  if (options.status !== undefined && !STATUSES.includes(options.status)) {
    throw new CliInputError(`--status is "${options.status}"; give open or resolved, or leave it out for both`);
  }
  const query = { status: options.status, campaignId: options.campaign, limit: String(options.pageSize ?? 500) };
  const first = await client.get<MismatchPage>('/v1/mismatches', query);
  const items = [...first.items];
  for (let cursor = first.nextCursor; cursor !== null; ) {
    const page = await client.get<MismatchPage>('/v1/mismatches', { ...query, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
  }
  // totals come from the first page: they cover the whole selection, whichever page they ride on
  if (options.json) return { exitCode: 0, lines: [JSON.stringify({ items, totals: first.totals }, null, 2)] };
  return { exitCode: 0, lines: [...table(items), '', summary(first.totals)] };
}

function table(items: readonly MismatchItem[]): string[] {
  if (items.length === 0) return ['no mismatches: every charge so far matched what its order should have cost'];
  const rows = items.map((item) => [
    item.orderId,
    item.customerId ?? '?',
    item.campaignIds.join(',') || '-',
    formatMoney(item.expected),
    formatMoney(item.charged),
    signed(item.delta),
    item.status,
    item.detectedAt.replace(/\.\d+Z$/, 'Z'),
  ]);
  return textTable(['order', 'customer', 'campaigns', 'expected', 'charged', 'delta', 'status', 'detected'], rows, new Set([3, 4, 5]));
}

/** +40.00 USD for an overcharge, −9.00 USD for an undercharge: the sign is the point of the column. */
function signed(delta: Money): string {
  return delta.amount > 0 ? `+${formatMoney(delta)}` : formatMoney(delta);
}

function summary(totals: MismatchPage['totals']): string {
  const owed = totals.exposure.filter((amount) => amount.amount !== 0);
  const exposure = owed.length === 0 ? 'nothing owed to shoppers' : owed.map(formatMoney).join(', ');
  return `${totals.count} mismatch${totals.count === 1 ? '' : 'es'}; exposure (still owed to shoppers): ${exposure}`;
}
