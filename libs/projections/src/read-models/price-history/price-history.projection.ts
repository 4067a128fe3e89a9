import type { Projection } from '../../engine/projection';
import { writeRows } from '../../engine/write-rows';
import { eventOf } from '../shared/event-facts';

const PRICE_EVENTS = new Set(['PriceSet'] as const);

/**
 * Every PriceSet, one row each, with who set it and where it sits in the log: the price book's
 * history for GET /v1/prices/:sku/history and for audits of "which price was in force when".
 * `version` is the event's place in the sku's stream from 1, the priceVersion carts and quotes cite.
 */
export const priceHistoryProjection: Projection = {
  name: 'price_history',
  version: 1,
  tables: [
    {
      name: 'price_history',
      columns: `sku text NOT NULL, version bigint NOT NULL, price_amount bigint NOT NULL, currency text NOT NULL, category text NOT NULL,
        effective_at timestamptz NOT NULL, reason text NOT NULL, set_at timestamptz NOT NULL,
        position_commit numeric(20) NOT NULL, position_prepare numeric(20) NOT NULL, actor_role text, actor_key_id text,
        PRIMARY KEY (sku, version)`,
    },
  ],

  async applyBatch({ events, tx, table }) {
    const rows = [];
    for (const event of events) {
      const stored = eventOf(event, PRICE_EVENTS);
      if (stored === null) continue;
      const { sku, price, category, effectiveAt, reason, setAt } = stored.data;
      rows.push({
        sku, version: event.revision + 1n, price_amount: price.amount, currency: price.currency, category, effective_at: effectiveAt, reason, set_at: setAt,
        position_commit: event.position.commit, position_prepare: event.position.prepare,
        actor_role: event.metadata.actor?.role ?? null, actor_key_id: event.metadata.actor?.keyId ?? null,
      });
    }
    // a price is never rewritten: the same event delivered again changes nothing
    await writeRows(tx, table('price_history'), rows, '(sku, version) DO NOTHING');
  },
};
