import { randomUUID } from 'node:crypto';

/**
 * TEST FIXTURE — the in-memory transaction log of the EventStoreDB emulator (see README.md).
 * Holds every record ever written, in log order, plus a per-stream index. Nothing is ever
 * scavenged: soft-deleted and truncated events stay in the log and in $all, as they do in
 * EventStoreDB until a scavenge runs.
 */
export interface StoredRecord {
  readonly streamId: string;
  readonly revision: bigint;
  readonly eventId: string;
  readonly type: string;
  readonly contentType: string;
  /** Mutable only through the emulator's test-only tamper hook. */
  data: Uint8Array;
  readonly customMetadata: Uint8Array;
  /** .NET ticks (100 ns since 0001-01-01), as EventStoreDB reports `created`. */
  readonly created: bigint;
  readonly commit: bigint;
  readonly prepare: bigint;
}

export interface ProposedRecord {
  readonly eventId: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

/** EventStoreDB's `EventNumber.DeletedStream` (long.MaxValue): the $tb of a soft-deleted stream and the tombstone's revision. */
export const DELETED_STREAM = 9223372036854775807n;
export const metastreamOf = (streamId: string): string => `$$${streamId}`;
export const isMetastream = (streamId: string): boolean => streamId.startsWith('$$');

const TICKS_AT_UNIX_EPOCH = 621355968000000000n;
/** Log positions grow by a record's rough on-disk size, so they look like EventStoreDB's byte offsets. */
const RECORD_OVERHEAD = 120n;

interface StreamIndex {
  readonly records: StoredRecord[];
  tombstoned: boolean;
}

export class EmulatorLog {
  readonly all: StoredRecord[] = [];
  private readonly streams = new Map<string, StreamIndex>();
  /** EventStoreDB's log starts with its own records, so no user event ever sits at position 0/0. */
  private nextLogPosition = 128n;
  private readonly listeners = new Set<() => void>();

  /** Last revision written to the stream (hidden ones included), -1n when none: EventStoreDB's "current version". */
  lastRevision(streamId: string): bigint {
    const records = this.streams.get(streamId)?.records;
    return records && records.length > 0 ? records[records.length - 1].revision : -1n;
  }

  records(streamId: string): readonly StoredRecord[] {
    return this.streams.get(streamId)?.records ?? [];
  }

  isTombstoned(streamId: string): boolean {
    return this.streams.get(streamId)?.tombstoned ?? false;
  }

  /** The stream's metadata: the data of the last event in its metastream, as EventStoreDB keeps it. */
  rawMetadata(streamId: string): Record<string, unknown> {
    const last = this.records(metastreamOf(streamId)).at(-1);
    if (!last) return {};
    try {
      const parsed: unknown = JSON.parse(Buffer.from(last.data).toString('utf8'));
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }

  /** JSON numbers above 2^53 lose precision, so "is it long.MaxValue" is judged on magnitude. */
  isSoftDeleted(streamId: string): boolean {
    const truncateBefore = this.rawMetadata(streamId).$tb;
    return typeof truncateBefore === 'number' && truncateBefore >= Number.MAX_SAFE_INTEGER;
  }

  /** First revision a stream read may return, after $tb and $maxCount; null when the stream reads as not found. */
  firstVisibleRevision(streamId: string): bigint | null {
    const last = this.lastRevision(streamId);
    if (last < 0n || this.isSoftDeleted(streamId)) return null;
    const metadata = this.rawMetadata(streamId);
    let first = 0n;
    if (typeof metadata.$tb === 'number') first = BigInt(metadata.$tb);
    if (typeof metadata.$maxCount === 'number') {
      const byCount = last + 1n - BigInt(metadata.$maxCount);
      if (byCount > first) first = byCount;
    }
    return first;
  }

  /** Appends records at the end of the stream; the caller has already checked the expected revision. */
  write(streamId: string, proposed: readonly ProposedRecord[], revisionOverride?: bigint): StoredRecord[] {
    const index = this.streams.get(streamId) ?? { records: [], tombstoned: false };
    this.streams.set(streamId, index);
    let revision = revisionOverride ?? this.lastRevision(streamId) + 1n;
    const created = BigInt(Date.now()) * 10_000n + TICKS_AT_UNIX_EPOCH;
    const written = proposed.map((event) => {
      const position = this.nextLogPosition;
      this.nextLogPosition += RECORD_OVERHEAD + BigInt(event.data.length + event.customMetadata.length + streamId.length);
      const record: StoredRecord = { ...event, streamId, revision, created, commit: position, prepare: position };
      revision += 1n;
      index.records.push(record);
      this.all.push(record);
      return record;
    });
    for (const listener of [...this.listeners]) listener();
    return written;
  }

  writeMetadata(streamId: string, metadata: Record<string, unknown>, rawJson = JSON.stringify(metadata)): StoredRecord {
    const data = Buffer.from(rawJson, 'utf8');
    const [record] = this.write(metastreamOf(streamId), [
      { eventId: randomUUID(), type: '$metadata', contentType: 'application/json', data, customMetadata: new Uint8Array() },
    ]);
    return record;
  }

  /** A hard delete: the $streamDeleted record at revision long.MaxValue; the stream can never be written or read again. */
  tombstone(streamId: string): StoredRecord {
    const [record] = this.write(streamId, [
      { eventId: randomUUID(), type: '$streamDeleted', contentType: 'application/json', data: new Uint8Array(), customMetadata: new Uint8Array() },
    ], DELETED_STREAM);
    const index = this.streams.get(streamId);
    if (index) index.tombstoned = true;
    return record;
  }

  /** Notified after every write; returns the unsubscription. */
  onWrite(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
