import type { sendUnaryData, ServerReadableStream, ServerUnaryCall, UntypedServiceImplementation } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { Empty, type UUID } from '@eventstore/db-client/generated/shared_pb';
import {
  type AppendReq, AppendResp, type DeleteReq, DeleteResp, ReadReq, type TombstoneReq, TombstoneResp,
} from '@eventstore/db-client/generated/streams_pb';
import type { EmulatorLog, ProposedRecord, StoredRecord } from './emulator-log';
import { type ExpectedVersion, type WriteOutcome, append, softDelete, tombstone } from './emulator-writes';
import { maximumAppendSizeExceededError, streamDeletedError, streamNameOf, unimplementedError, wrongExpectedVersionError } from './grpc-messages';
import { type ReadCall, readAll, readStream } from './grpc-read';
import { AllSubscription } from './grpc-subscription';

/** TEST FIXTURE — the Streams service: Read, Append, Delete (soft), Tombstone. BatchAppend is not offered. */
export interface StreamsServiceOptions {
  readonly log: EmulatorLog;
  /** EventStoreDB's MaxAppendSize: the data + metadata bytes one Append may carry. */
  readonly maxAppendSize: number;
  readonly onSubscription: (subscription: AllSubscription) => void;
}

type ExpectedOptions = Pick<AppendReq.Options, 'hasRevision' | 'getRevision' | 'hasNoStream' | 'hasStreamExists'>;

function expectedVersionOf(options: ExpectedOptions | undefined): ExpectedVersion {
  if (options?.hasRevision()) return BigInt(options.getRevision());
  if (options?.hasNoStream()) return 'no_stream';
  if (options?.hasStreamExists()) return 'stream_exists';
  return 'any';
}

function uuidText(uuid: UUID | undefined): string {
  if (!uuid) return randomUUID();
  if (uuid.hasString()) return uuid.getString();
  const structured = uuid.getStructured();
  const bytes = Buffer.alloc(16);
  bytes.writeBigInt64BE(BigInt(structured?.getMostSignificantBits() ?? '0'), 0);
  bytes.writeBigInt64BE(BigInt(structured?.getLeastSignificantBits() ?? '0'), 8);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function appendResponse(expected: ExpectedVersion, outcome: Exclude<WriteOutcome, { kind: 'stream_deleted' }>): AppendResp {
  if (outcome.kind === 'written') {
    const last = outcome.records.at(-1);
    const success = new AppendResp.Success().setCurrentRevision(outcome.currentRevision.toString());
    if (last) success.setPosition(new AppendResp.Position().setCommitPosition(last.commit.toString()).setPreparePosition(last.prepare.toString()));
    else success.setNoPosition(new Empty());
    return new AppendResp().setSuccess(success);
  }
  const wrong = new AppendResp.WrongExpectedVersion();
  if (outcome.currentRevision >= 0n) wrong.setCurrentRevision(outcome.currentRevision.toString());
  else wrong.setCurrentNoStream(new Empty());
  if (typeof expected === 'bigint') wrong.setExpectedRevision(expected.toString());
  else if (expected === 'no_stream') wrong.setExpectedNoStream(new Empty());
  else if (expected === 'stream_exists') wrong.setExpectedStreamExists(new Empty());
  else wrong.setExpectedAny(new Empty());
  return new AppendResp().setWrongExpectedVersion(wrong);
}

function positionOf(records: readonly StoredRecord[]): { commit: string; prepare: string } | null {
  const last = records.at(-1);
  return last ? { commit: last.commit.toString(), prepare: last.prepare.toString() } : null;
}

export function streamsService({ log, maxAppendSize, onSubscription }: StreamsServiceOptions): UntypedServiceImplementation {
  return {
    read: (call: ReadCall) => {
      const options = call.request.getOptions() ?? new ReadReq.Options();
      if (options.hasSubscription()) {
        if (!options.hasAll()) return call.emit('error', unimplementedError('a subscription to a single stream'));
        const subscription = AllSubscription.start(log, call, options);
        if (subscription) onSubscription(subscription);
        return;
      }
      void (options.hasAll() ? readAll(log, call, options) : readStream(log, call, options));
    },

    append: (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>) => {
      let header: AppendReq.Options | undefined;
      const proposed: ProposedRecord[] = [];
      let size = 0;
      call.on('data', (request: AppendReq) => {
        if (request.hasOptions()) header = request.getOptions();
        const message = request.getProposedMessage();
        if (!message) return;
        const metadata = message.getMetadataMap();
        const data = message.getData_asU8();
        const customMetadata = message.getCustomMetadata_asU8();
        size += data.length + customMetadata.length;
        proposed.push({ eventId: uuidText(message.getId()), type: metadata.get('type') ?? '', contentType: metadata.get('content-type') ?? 'application/octet-stream', data, customMetadata });
      });
      call.on('end', () => {
        if (size > maxAppendSize) return callback(maximumAppendSizeExceededError(maxAppendSize));
        const streamId = streamNameOf(header?.getStreamIdentifier());
        const expected = expectedVersionOf(header);
        const outcome = append(log, streamId, expected, proposed);
        if (outcome.kind === 'stream_deleted') return callback(streamDeletedError(streamId));
        callback(null, appendResponse(expected, outcome));
      });
    },

    delete: (call: ServerUnaryCall<DeleteReq, DeleteResp>, callback: sendUnaryData<DeleteResp>) => {
      const options = call.request.getOptions();
      const streamId = streamNameOf(options?.getStreamIdentifier());
      const expected = expectedVersionOf(options);
      const outcome = softDelete(log, streamId, expected);
      if (outcome.kind === 'stream_deleted') return callback(streamDeletedError(streamId));
      if (outcome.kind === 'wrong_expected_version') return callback(wrongExpectedVersionError(streamId, numericExpected(expected), outcome.currentRevision));
      const position = positionOf(outcome.records);
      const response = new DeleteResp();
      if (position) response.setPosition(new DeleteResp.Position().setCommitPosition(position.commit).setPreparePosition(position.prepare));
      callback(null, response);
    },

    tombstone: (call: ServerUnaryCall<TombstoneReq, TombstoneResp>, callback: sendUnaryData<TombstoneResp>) => {
      const options = call.request.getOptions();
      const streamId = streamNameOf(options?.getStreamIdentifier());
      const expected = expectedVersionOf(options);
      const outcome = tombstone(log, streamId, expected);
      if (outcome.kind === 'stream_deleted') return callback(streamDeletedError(streamId));
      if (outcome.kind === 'wrong_expected_version') return callback(wrongExpectedVersionError(streamId, numericExpected(expected), outcome.currentRevision));
      const position = positionOf(outcome.records);
      const response = new TombstoneResp();
      if (position) response.setPosition(new TombstoneResp.Position().setCommitPosition(position.commit).setPreparePosition(position.prepare));
      callback(null, response);
    },

    batchAppend: (call: { emit: (event: 'error', error: Error) => void }) => call.emit('error', unimplementedError('BatchAppend')),
  };
}

/** EventStoreDB's numeric expected versions, as its error trailers carry them: any -2, no_stream -1, stream_exists -4. */
function numericExpected(expected: ExpectedVersion): bigint {
  if (typeof expected === 'bigint') return expected;
  return expected === 'no_stream' ? -1n : expected === 'stream_exists' ? -4n : -2n;
}
