import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { EventStore } from '@promo-ledger/event-store';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config';
import { openEventStore } from './open-event-store';

/** Closes the store last, after Nest has stopped taking requests (SIGTERM → graceful shutdown). */
@Injectable()
class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EventStore) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

@Global()
@Module({
  providers: [
    { provide: EventStore, inject: [LEDGER_CONFIG], useFactory: (config: LedgerConfig) => openEventStore(config) },
    EventStoreCloser,
  ],
  exports: [EventStore],
})
export class StoreModule {}
