import { EsdbEventStore } from '@promo-ledger/event-store';
import { conformanceRegistry } from './conformance-fixtures';
import type { ConformanceTarget } from './conformance-target';
import { describeEventStoreConformance } from './event-store.conformance';

const eventStoreUrl = process.env.EVENTSTORE_URL;

/**
 * The esdb adapter against a real EventStoreDB, when EVENTSTORE_URL points at one (see
 * infra/docker-compose.eventstore.yml). Never required, in CI or elsewhere: no EventStoreDB runs
 * there, and the emulator suite covers the adapter on every run. Skips loudly when absent.
 *
 * restart() cannot restart someone else's server, so the resilience case sees no outage here;
 * stop and start the container by hand during a run to exercise that for real. No tamper either:
 * EventStoreDB offers no way to edit a stored event.
 */
async function realTarget(url: string): Promise<ConformanceTarget> {
  const store = await EsdbEventStore.connect(url, { registry: conformanceRegistry });
  return {
    name: 'esdb (EVENTSTORE_URL)',
    store,
    restart: () => Promise.resolve(),
    tamper: null,
    dispose: () => store.close(),
  };
}

if (eventStoreUrl) {
  describeEventStoreConformance(() => realTarget(eventStoreUrl), 'esdb (EVENTSTORE_URL)');
} else {
  process.stderr.write('\n!!! SKIPPING the real EventStoreDB conformance suite: EVENTSTORE_URL is not set (esdb://localhost:2113?tls=false with infra/docker-compose.eventstore.yml). The emulator suite (esdb-emulator.conformance.spec.ts) covers the adapter meanwhile. !!!\n\n');
  describe('EventStore conformance: esdb (EVENTSTORE_URL)', () => {
    it.skip('needs EVENTSTORE_URL=esdb://…; see infra/docker-compose.eventstore.yml', () => undefined);
  });
}
