import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type StreamVerification, verifyStream } from '@promo-ledger/audit';
import { EventStore } from '@promo-ledger/event-store';
import { Roles } from '../auth/roles.decorator';
import { PathIdPipe } from '../http/path-id.pipe';
import { ProblemException } from '../http/problem';

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

  /**
   * 200 either way: a broken chain is the answer to the question, not a failure of the request.
   * A stream nothing was ever written to is 404: "ok, 0 events" would pass off a mistyped id (an
   * order id where its stream id belongs) as a verified stream.
   */
  @Get(':streamId/verify')
  @Roles('finance', 'admin')
  async verify(@Param('streamId', streamIdParam) streamId: string): Promise<StreamVerification> {
    const verification = await verifyStream(this.store, streamId);
    if (verification.ok && verification.events === 0) {
      throw new ProblemException(
        404,
        'STREAM.NOT_FOUND',
        `Nothing was ever written to stream ${streamId}. A stream id is <category>-<id> of what it records: an order's is order-<orderId> (for order o1, order-o1; for order-q1, order-order-q1), a cart's cart-<cartId>.`,
      );
    }
    return verification;
  }
}
