import { EVENT_REGISTRY } from '@promo-ledger/domain';
import { type EventTypeDefinition, EventTypeRegistry } from '@promo-ledger/event-store';

/** The store registry built from the domain's table of stored names, as the API builds it. */
export function domainEventTypes(): EventTypeRegistry {
  const definitions: Record<string, EventTypeDefinition> = {};
  for (const entry of EVENT_REGISTRY) definitions[entry.type] = { schemaVersion: entry.schemaVersion };
  return new EventTypeRegistry(definitions);
}
