import type { JsonObject } from './event-store.port';

/** Turns data stored under an older schema version into the next version's shape. */
export type Upcaster = (data: JsonObject) => JsonObject;

export interface EventTypeDefinition {
  readonly schemaVersion: number;
  /** upcasters[v] turns version v into v + 1. */
  readonly upcasters?: Readonly<Record<number, Upcaster>>;
}

/**
 * The stored event type names and their schema versions. The store refuses to append a type that
 * is not registered, stamps the current schema version on append, and upcasts on read; hashing
 * always covers the stored (not upcast) form.
 */
export class EventTypeRegistry {
  private readonly definitions: ReadonlyMap<string, EventTypeDefinition>;

  constructor(definitions: Readonly<Record<string, EventTypeDefinition>>) {
    this.definitions = new Map(Object.entries(definitions));
  }

  has(type: string): boolean {
    return this.definitions.has(type);
  }

  schemaVersionOf(type: string): number {
    const definition = this.definitions.get(type);
    if (!definition) throw new UnknownEventTypeError(type);
    return definition.schemaVersion;
  }

  upcast(type: string, data: JsonObject, storedVersion: number): JsonObject {
    const definition = this.definitions.get(type);
    if (!definition) return data; // an event written by a newer release: hand it over untouched
    let current = data;
    for (let version = storedVersion; version < definition.schemaVersion; version += 1) {
      const upcaster = definition.upcasters?.[version];
      if (!upcaster) throw new Error(`no upcaster for ${type} from schema version ${version} to ${version + 1}`);
      current = upcaster(current);
    }
    return current;
  }
}

export class UnknownEventTypeError extends Error {
  constructor(readonly type: string) {
    super(`event type "${type}" is not in the event registry: register it with a schema version before storing it`);
    this.name = 'UnknownEventTypeError';
  }
}
