import { apples, uniquePrefix } from '../conformance-fixtures';
import type { SuiteContext } from './suite-context';

export function describeIntegrityCases({ target }: SuiteContext): void {
  describe('hash chain', () => {
    it('verifyStream accepts an untouched stream and a missing one', async () => {
      const { store } = target();
      const streamId = `${uniquePrefix('verify-ok')}s`;
      await store.appendToStream(streamId, apples(3), 'no_stream');
      await store.appendToStream(streamId, apples(2, 3), 2n);
      expect(await store.verifyStream(streamId)).toEqual({ ok: true, streamId, events: 5 });
      expect(await store.verifyStream(`${uniquePrefix('verify-missing')}s`)).toMatchObject({ ok: true, events: 0 });
    });

    it('verifyStream reports the first event edited behind the ledger’s back', async () => {
      const { store, tamper } = target();
      if (!tamper) {
        process.stderr.write(`\n!!! ${target().name}: cannot edit stored events, so tamper detection is not exercised here. !!!\n\n`);
        return;
      }
      const streamId = `${uniquePrefix('verify-tamper')}s`;
      await store.appendToStream(streamId, apples(5), 'no_stream');
      await tamper(streamId, 2n, { n: 2000 });
      const result = await store.verifyStream(streamId);
      expect(result).toMatchObject({ ok: false, streamId, brokenAt: 2n });
      expect(result.ok === false && result.reason).toMatch(/altered/);
      // The edit is visible to readers: the chain, not the read path, is what catches it.
      expect((await store.readStream(streamId, { fromRevision: 2n, maxCount: 1 }))[0].data).toEqual({ n: 2000 });
    });
  });
}
