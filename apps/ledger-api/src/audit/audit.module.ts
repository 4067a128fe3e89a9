import { Module } from '@nestjs/common';
import { AuditController } from './audit.http.controller';
import { StreamsVerifyController } from './streams-verify.http.controller';

/** Replay, exports and integrity checks (libs/audit) over HTTP. */
@Module({ controllers: [AuditController, StreamsVerifyController] })
export class AuditModule {}
