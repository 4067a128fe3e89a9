import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { EventStore, type SqlExecutor, SqlEventStore } from '@promo-ledger/event-store';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config';
import { openEventStore } from './open-event-store';
import { SQL_DATABASE, sqlDatabaseFor } from './sql-database';

/** Closes the store (and the tables' database) last, after Nest has stopped taking requests (SIGTERM → graceful shutdown). */
@Injectable()
class EventStoreCloser implements OnApplicationShutdown {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(SQL_DATABASE) private readonly db: SqlExecutor,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    // in eventstoredb mode the ledger's own tables sit in a separate PostgreSQL connection
    if (!(this.store instanceof SqlEventStore)) await this.db.close();
  }
}

@Global()
@Module({
  providers: [
    { provide: EventStore, inject: [LEDGER_CONFIG], useFactory: (config: LedgerConfig) => openEventStore(config) },
    { provide: SQL_DATABASE, inject: [LEDGER_CONFIG, EventStore], useFactory: sqlDatabaseFor },
    EventStoreCloser,
  ],
  exports: [EventStore, SQL_DATABASE],
})
export class StoreModule {}
