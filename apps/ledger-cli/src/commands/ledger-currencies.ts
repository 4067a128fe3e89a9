import { type LedgerClient, LedgerRequestError } from '../http/ledger-client';

/** How many GET /v1/prices/:sku are in flight at once: enough to be quick, few enough not to crowd the ledger. */
const CONCURRENCY = 8;

/**
 * Each sku's currency in the ledger (a sku keeps one), for the skus of a price list. The batch
 * endpoint checks this too, but only per batch: a list spanning several batches must be checked
 * whole first, or a bad line in the last batch would come after the first ones were applied.
 */
export async function ledgerCurrencies(client: LedgerClient, skus: readonly string[]): Promise<Map<string, string>> {
  const pending = [...new Set(skus)];
  const currencies = new Map<string, string>();
  const worker = async (): Promise<void> => {
    for (let sku = pending.pop(); sku !== undefined; sku = pending.pop()) {
      const currency = await currencyOf(client, sku);
      if (currency !== null) currencies.set(sku, currency);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return currencies;
}

async function currencyOf(client: LedgerClient, sku: string): Promise<string | null> {
  try {
    return (await client.get<{ currency: string | null }>(`/v1/prices/${encodeURIComponent(sku)}`)).currency;
  } catch (error) {
    if (error instanceof LedgerRequestError && error.status === 404) return null;
    throw error;
  }
}
