import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Clock, IdGenerator, SystemClock, UuidGenerator } from './clock';
import { StreamRunner } from './stream-runner';

@Global()
@Module({
  imports: [CqrsModule.forRoot()],
  providers: [
    { provide: Clock, useClass: SystemClock },
    { provide: IdGenerator, useClass: UuidGenerator },
    StreamRunner,
  ],
  exports: [Clock, IdGenerator, StreamRunner],
})
export class ApplicationModule {}
