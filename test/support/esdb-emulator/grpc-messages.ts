import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { StoredRecord } from './emulator-log';

/** TEST FIXTURE — protobuf messages and gRPC errors shaped as EventStoreDB sends them. */

export function streamIdentifier(streamId: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(Buffer.from(streamId, 'utf8'));
}

export function streamNameOf(identifier: StreamIdentifier | undefined): string {
  return identifier ? Buffer.from(identifier.getStreamName_asU8()).toString('utf8') : '';
}

export function eventResponse(record: StoredRecord): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(new UUID().setString(record.eventId))
    .setStreamIdentifier(streamIdentifier(record.streamId))
    .setStreamRevision(record.revision.toString())
    .setPreparePosition(record.prepare.toString())
    .setCommitPosition(record.commit.toString())
    .setData(record.data)
    .setCustomMetadata(record.customMetadata);
  const metadata = recorded.getMetadataMap();
  metadata.set('type', record.type);
  metadata.set('content-type', record.contentType);
  metadata.set('created', record.created.toString());
  const readEvent = new ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(record.commit.toString());
  return new ReadResp().setEvent(readEvent);
}

export function streamNotFoundResponse(streamId: string): ReadResp {
  return new ReadResp().setStreamNotFound(new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(streamId)));
}

export function confirmationResponse(subscriptionId: string): ReadResp {
  return new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(subscriptionId));
}

export function checkpointResponse(position: { readonly commit: bigint; readonly prepare: bigint }): ReadResp {
  return new ReadResp().setCheckpoint(
    new ReadResp.Checkpoint().setCommitPosition(position.commit.toString()).setPreparePosition(position.prepare.toString()),
  );
}

export function caughtUpResponse(): ReadResp {
  return new ReadResp().setCaughtUp(new ReadResp.CaughtUp());
}

export const EMPTY = new Empty();

/** EventStoreDB reports typed failures as a gRPC status plus an `exception` trailer the clients switch on. */
function serviceError(code: status, details: string, trailers: Record<string, string>): ServiceError {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata });
}

export function streamDeletedError(streamId: string): ServiceError {
  return serviceError(status.FAILED_PRECONDITION, `Event stream '${streamId}' is deleted.`, { exception: 'stream-deleted', 'stream-name': streamId });
}

/** Delete and Tombstone report a wrong expected version as an error (Append answers it in its response). */
export function wrongExpectedVersionError(streamId: string, expected: bigint, actual: bigint): ServiceError {
  const trailers: Record<string, string> = { exception: 'wrong-expected-version', 'stream-name': streamId, 'expected-version': expected.toString() };
  if (actual >= 0n) trailers['actual-version'] = actual.toString();
  return serviceError(status.FAILED_PRECONDITION, `Append failed due to WrongExpectedVersion. Stream: ${streamId}, Expected version: ${expected}, Actual version: ${actual}`, trailers);
}

export function maximumAppendSizeExceededError(maxAppendSize: number): ServiceError {
  return serviceError(status.INVALID_ARGUMENT, `Maximum Append Size of ${maxAppendSize} Exceeded.`, {
    exception: 'maximum-append-size-exceeded',
    'maximum-append-size': String(maxAppendSize),
  });
}

export function unimplementedError(what: string): ServiceError {
  return serviceError(status.UNIMPLEMENTED, `${what} is not implemented by the test emulator`, {});
}

export function invalidArgumentError(details: string): ServiceError {
  return serviceError(status.INVALID_ARGUMENT, details, {});
}
