import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type StreamVerification, verifyStream } from '@promo-ledger/audit';
import { EventStore } from '@promo-ledger/event-store';
import { Roles } from '../auth/roles.decorator';
import { PathIdPipe } from '../http/path-id.pipe';

const streamIdParam = new PathIdPipe(
  /^[A-Za-z0-9][A-Za-z0-9._:-]{0,255}$/,
  'STREAM.INVALID_ID',
  'The stream id in the path is malformed: it is <category>-<id>, e.g. order-o1 (letters, digits, . _ : -; at most 256).',
);

/** Integrity (DESIGN §5, §7): the stream's hash chain, and the first broken link of a tampered one. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/streams')
export class StreamsVerifyController {
  constructor(@Inject(EventStore) private readonly store: EventStore) {}

  /** 200 either way: a broken chain is the answer to the question, not a failure of the request. */
  @Get(':streamId/verify')
  @Roles('finance', 'admin')
  verify(@Param('streamId', streamIdParam) streamId: string): Promise<StreamVerification> {
    return verifyStream(this.store, streamId);
  }
}
