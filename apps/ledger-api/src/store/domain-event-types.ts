import { EVENT_REGISTRY } from '@promo-ledger/domain';
import { type EventTypeDefinition, EventTypeRegistry } from '@promo-ledger/event-store';

/** The store's registry, built from the domain's one table of stored event names and schema versions. */
export function domainEventTypes(): EventTypeRegistry {
  const definitions: Record<string, EventTypeDefinition> = {};
  for (const entry of EVENT_REGISTRY) definitions[entry.type] = { schemaVersion: entry.schemaVersion };
  return new EventTypeRegistry(definitions);
}
