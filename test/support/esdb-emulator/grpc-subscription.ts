import { randomUUID } from 'node:crypto';
import { ReadReq, type ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { EmulatorLog, StoredRecord } from './emulator-log';
import { caughtUpResponse, checkpointResponse, confirmationResponse, eventResponse, invalidArgumentError } from './grpc-messages';
import type { ReadCall } from './grpc-read';
import { firstIndexAtOrAfter } from './grpc-read';
import { type CheckpointSettings, type RecordMatcher, checkpointSettings, recordFilter } from './record-filter';

/** EventStoreDB's ReadBatchSize: a catch-up page stops after this many matching events. */
const MAX_MATCHES_PER_PAGE = 32;

/**
 * TEST FIXTURE — a catch-up subscription to $all, as EventStoreDB's filtered $all subscription runs it:
 * confirmation first; then catch-up in pages of `searchWindow` examined events, with a checkpoint
 * after a page once `interval` events were examined (positioned at the page's last match, or at the
 * first event the page examined when nothing matched); at the head of the log a caught-up message;
 * then live delivery, checkpointing every `interval` examined events. A start position is exclusive.
 * Without a filter there are no checkpoints, as on the server. Stream subscriptions are not emulated.
 */
export class AllSubscription {
  private cursor: number;
  private readonly matches: RecordMatcher;
  private readonly checkpoints: CheckpointSettings | null;
  private examinedSinceCheckpoint = 0;
  private caughtUp = false;
  private pumping = false;
  private wokenWhilePumping = false;
  private stopped = false;
  private readonly stopListening: () => void;
  private resumeWriter: (() => void) | null = null;
  private readonly stopCallbacks: (() => void)[] = [];

  private constructor(private readonly log: EmulatorLog, private readonly call: ReadCall, options: ReadReq.Options, matches: RecordMatcher) {
    this.matches = matches;
    this.checkpoints = options.hasFilter() ? checkpointSettings(options.getFilter()) : null;
    const all = options.getAll();
    const position = all?.getPosition();
    if (all?.getAllOptionCase() === ReadReq.Options.AllOptions.AllOptionCase.END) this.cursor = log.all.length;
    else if (position) {
      const at = { commit: BigInt(position.getCommitPosition()), prepare: BigInt(position.getPreparePosition()) };
      const index = firstIndexAtOrAfter(log.all, at);
      const exact = log.all[index];
      this.cursor = exact && exact.commit === at.commit && exact.prepare === at.prepare ? index + 1 : index;
    } else this.cursor = 0;
    this.stopListening = log.onWrite(() => this.wake());
    for (const event of ['cancelled', 'close', 'error'] as const) call.on(event, () => this.stop());
  }

  /** Starts one subscription on the call; returns it so the server can drop it like a crash would. */
  static start(log: EmulatorLog, call: ReadCall, options: ReadReq.Options): AllSubscription | null {
    const matches = options.hasFilter() ? recordFilter(options.getFilter()) : () => true;
    if (!matches) {
      call.emit('error', invalidArgumentError('filter must name a stream identifier or event type expression'));
      return null;
    }
    const subscription = new AllSubscription(log, call, options, matches);
    call.write(confirmationResponse(randomUUID()));
    subscription.wake();
    return subscription;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.stopListening();
    this.resumeWriter?.();
    for (const callback of this.stopCallbacks.splice(0)) callback();
  }

  onStop(callback: () => void): void {
    if (this.stopped) callback();
    else this.stopCallbacks.push(callback);
  }

  private wake(): void {
    if (this.pumping) {
      this.wokenWhilePumping = true;
      return;
    }
    this.pumping = true;
    void this.pump().finally(() => (this.pumping = false));
  }

  private async pump(): Promise<void> {
    do {
      this.wokenWhilePumping = false;
      while (!this.stopped && this.cursor < this.log.all.length) {
        await this.send(this.caughtUp ? this.liveStep() : this.catchUpPage());
      }
      if (!this.stopped && !this.caughtUp) {
        this.caughtUp = true;
        await this.send([caughtUpResponse()]);
      }
    } while (this.wokenWhilePumping && !this.stopped);
  }

  private catchUpPage(): ReadResp[] {
    const responses: ReadResp[] = [];
    const examinedFirst = this.log.all[this.cursor];
    let lastMatch: StoredRecord | null = null;
    let examined = 0;
    const window = this.checkpoints?.searchWindow ?? MAX_MATCHES_PER_PAGE;
    while (this.cursor < this.log.all.length && examined < window && responses.length < MAX_MATCHES_PER_PAGE) {
      const record = this.log.all[this.cursor++];
      examined += 1;
      if (this.matches(record)) {
        responses.push(eventResponse(record));
        lastMatch = record;
      }
    }
    const endOfLog = this.cursor >= this.log.all.length;
    if (this.checkpoints && !endOfLog) {
      this.examinedSinceCheckpoint += examined;
      if (this.examinedSinceCheckpoint >= this.checkpoints.interval) {
        this.examinedSinceCheckpoint %= this.checkpoints.interval;
        responses.push(checkpointResponse(lastMatch ?? examinedFirst));
      }
    }
    return responses;
  }

  private liveStep(): ReadResp[] {
    const record = this.log.all[this.cursor++];
    const responses = this.matches(record) ? [eventResponse(record)] : [];
    if (this.checkpoints && ++this.examinedSinceCheckpoint >= this.checkpoints.interval) {
      this.examinedSinceCheckpoint = 0;
      responses.push(checkpointResponse(record));
    }
    return responses;
  }

  /** Honours the client's flow control: waits for 'drain' when the transport buffer is full. */
  private async send(responses: readonly ReadResp[]): Promise<void> {
    for (const response of responses) {
      if (this.stopped) return;
      if (!this.call.write(response)) {
        await new Promise<void>((resolve) => {
          this.resumeWriter = resolve;
          this.call.once('drain', resolve);
        });
        this.resumeWriter = null;
      }
    }
  }
}
