import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgliteExecutor, SqlEventStore } from '@promo-ledger/event-store';
import { apples, conformanceRegistry, uniquePrefix } from './conformance-fixtures';
import type { ConformanceTarget } from './conformance-target';
import { describeEventStoreConformance } from './event-store.conformance';

async function pgliteTarget(): Promise<ConformanceTarget> {
  const dataDir = await mkdtemp(join(tmpdir(), 'promo-ledger-pglite-'));
  const executor = await PgliteExecutor.open(dataDir);
  const store = await SqlEventStore.open(executor, { registry: conformanceRegistry });
  return {
    name: 'pglite',
    store,
    // What a process restart does to the embedded store: the database closes, then opens the same directory.
    restart: async () => {
      await executor.close();
      await new Promise((resolve) => setTimeout(resolve, 200));
      await executor.reopen();
    },
    tamper: async (streamId, revision, data) => {
      await executor.query('UPDATE events SET data = $1::json WHERE stream_id = $2 AND revision = $3::bigint', [JSON.stringify(data), streamId, revision]);
    },
    dispose: async () => {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

describeEventStoreConformance(pgliteTarget, 'pglite');

describe('pglite durability', () => {
  it('keeps every acknowledged event, its metadata and its hash chain across close and reopen', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'promo-ledger-pglite-durable-'));
    try {
      const streamId = `${uniquePrefix('durable')}s`;
      const first = await SqlEventStore.open(await PgliteExecutor.open(dataDir), { registry: conformanceRegistry });
      const appended = await first.appendToStream(streamId, apples(3), 'no_stream');
      await first.setStreamMetadata(streamId, { custom: { kept: true } });
      const before = await first.readStream(streamId);
      await first.close();

      const second = await SqlEventStore.open(await PgliteExecutor.open(dataDir), { registry: conformanceRegistry });
      try {
        expect(await second.readStream(streamId)).toEqual(before);
        expect(await second.headPosition()).toEqual(appended.position);
        expect(await second.getStreamMetadata(streamId)).toEqual({ custom: { kept: true } });
        expect(await second.verifyStream(streamId)).toMatchObject({ ok: true, events: 3 });
        await expect(second.appendToStream(streamId, apples(1), 2n)).resolves.toMatchObject({ nextExpectedRevision: 3n });
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
