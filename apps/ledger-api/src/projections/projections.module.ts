import { Global, Module } from '@nestjs/common';
import type { SqlExecutor } from '@promo-ledger/event-store';
import { ProgressReader, ReadModelSchema } from '@promo-ledger/projections';
import { SQL_DATABASE } from '../store/sql-database';
import { InProcessProjections } from './in-process-projections';
import { ReadYourWrites } from './read-your-writes';

@Global()
@Module({
  providers: [
    { provide: ReadModelSchema, useValue: new ReadModelSchema('read_models') },
    { provide: ProgressReader, inject: [SQL_DATABASE, ReadModelSchema], useFactory: (db: SqlExecutor, schema: ReadModelSchema) => new ProgressReader(db, schema) },
    InProcessProjections,
    ReadYourWrites,
  ],
  exports: [ReadModelSchema, ProgressReader, InProcessProjections, ReadYourWrites],
})
export class ProjectionsModule {}
