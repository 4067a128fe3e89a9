import { randomUUID } from 'node:crypto';
import { WrongExpectedVersionError } from '../port/errors';
import type { JsonObject, JsonValue, StreamMetadata } from '../port/event-store.port';
import type { EsdbConnection } from './esdb-connection';

/**
 * Stream metadata lives where EventStoreDB keeps it: the last `$metadata` event of the `$$<stream>`
 * metastream. `maxCount` is EventStoreDB's own `$maxCount` (the server enforces it on reads); the
 * ledger's custom metadata sits under one key, `custom`. Writing replaces the document, so the
 * other system keys already there (`$tb` after a soft delete, `$acl`, …) are carried over.
 */
const metastreamOf = (streamId: string): string => `$$${streamId}`;
const CUSTOM_KEY = 'custom';
const WRITE_ATTEMPTS = 5;

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readDocument(connection: EsdbConnection, streamId: string): Promise<{ document: JsonObject; revision: bigint | 'no_stream' }> {
  const read = await connection.readStream(metastreamOf(streamId), { direction: 'backwards', from: 'end', maxCount: 1 });
  const last = read === 'not_found' ? undefined : read[0];
  if (!last) return { document: {}, revision: 'no_stream' };
  return { document: isJsonObject(last.data) ? last.data : {}, revision: last.revision };
}

export async function readStreamMetadata(connection: EsdbConnection, streamId: string): Promise<StreamMetadata> {
  const { document } = await readDocument(connection, streamId);
  const maxCount = document.$maxCount;
  const custom = document[CUSTOM_KEY];
  return {
    ...(typeof maxCount === 'number' ? { maxCount } : {}),
    ...(isJsonObject(custom) ? { custom } : {}),
  };
}

/**
 * Read, merge, write at the metastream's exact revision; a concurrent writer makes it start over.
 * A `$tb` of long.MaxValue marks a soft-deleted stream; it is not carried over because JSON numbers
 * cannot hold it exactly, and EventStoreDB undeletes a stream whose metadata is written anyway.
 */
export async function writeStreamMetadata(connection: EsdbConnection, streamId: string, metadata: StreamMetadata): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const { document, revision } = await readDocument(connection, streamId);
    const kept: [string, JsonValue][] = Object.entries(document).filter(
      ([key, value]) => key.startsWith('$') && key !== '$maxCount' && !(key === '$tb' && typeof value === 'number' && value >= Number.MAX_SAFE_INTEGER),
    );
    const next: JsonObject = Object.fromEntries(kept);
    if (metadata.maxCount !== undefined) next.$maxCount = metadata.maxCount;
    if (metadata.custom !== undefined) next[CUSTOM_KEY] = metadata.custom;
    try {
      await connection.append(metastreamOf(streamId), [{ id: randomUUID(), type: '$metadata', data: next, metadata: {} }], revision);
      return;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError) || attempt >= WRITE_ATTEMPTS) throw error;
    }
  }
}
