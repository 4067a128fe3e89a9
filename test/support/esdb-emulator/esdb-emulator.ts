import { Server, ServerCredentials, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import type { Empty } from '@eventstore/db-client/generated/shared_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { EmulatorLog } from './emulator-log';
import type { AllSubscription } from './grpc-subscription';
import { streamsService } from './grpc-streams-service';

export interface EsdbEmulatorOptions {
  /** EventStoreDB's MaxAppendSize (default 1 MiB, as on the server); raise it like `EVENTSTORE_MAX_APPEND_SIZE`. */
  readonly maxAppendSize?: number;
}

/** What ServerFeatures advertises. BatchAppend is left out on purpose: the client then takes the plain Append path. */
const ADVERTISED = [
  ['event_store.client.streams.streams', ['read', 'append', 'delete', 'tombstone']],
  ['event_store.client.server_features.serverfeatures', ['getsupportedmethods']],
] as const;

/**
 * TEST FIXTURE, NOT A STORE. An in-memory stand-in for a single insecure EventStoreDB node, speaking
 * the gRPC protocol of @eventstore/db-client's own generated service definitions, so that the esdb
 * adapter can be tested on a machine without EventStoreDB. See README.md for what it emulates.
 */
export class EsdbEmulator {
  private readonly log = new EmulatorLog();
  private readonly subscriptions = new Set<AllSubscription>();
  private server: Server | null = null;
  private boundPort = 0;

  private constructor(private readonly options: EsdbEmulatorOptions) {}

  static async start(port = 0, options: EsdbEmulatorOptions = {}): Promise<EsdbEmulator> {
    const emulator = new EsdbEmulator(options);
    await emulator.listen(port);
    return emulator;
  }

  get port(): number {
    return this.boundPort;
  }

  get connectionString(): string {
    return `esdb://127.0.0.1:${this.boundPort}?tls=false`;
  }

  /** Like a crash: every connection and live subscription is dropped at once, nothing is flushed. */
  stop(): Promise<void> {
    for (const subscription of [...this.subscriptions]) subscription.stop();
    this.server?.forceShutdown();
    this.server = null;
    return Promise.resolve();
  }

  /** Stops, waits `downtimeMs`, and listens again on the same port with the same log. */
  async restart(downtimeMs = 100): Promise<void> {
    await this.stop();
    await new Promise((resolve) => setTimeout(resolve, downtimeMs));
    await this.listen(this.boundPort);
  }

  /** Test-only: rewrites one stored event's data in place, as an attacker with disk access could. */
  tamper(streamId: string, revision: bigint, data: Record<string, unknown>): void {
    const record = this.log.records(streamId).find((candidate) => candidate.revision === revision);
    if (!record) throw new Error(`emulator: no event ${streamId}@${revision} to tamper with`);
    record.data = Buffer.from(JSON.stringify(data), 'utf8');
  }

  private async listen(port: number): Promise<void> {
    const server = new Server();
    server.addService(StreamsService, streamsService({
      log: this.log,
      maxAppendSize: this.options.maxAppendSize ?? 1_048_576,
      onSubscription: (subscription) => {
        this.subscriptions.add(subscription);
        subscription.onStop(() => this.subscriptions.delete(subscription));
      },
    }));
    server.addService(ServerFeaturesService, {
      getSupportedMethods: (_call: ServerUnaryCall<Empty, SupportedMethods>, callback: sendUnaryData<SupportedMethods>) => {
        const methods = ADVERTISED.flatMap(([service, names]) => names.map((name) => new SupportedMethod().setServiceName(service).setMethodName(name)));
        callback(null, new SupportedMethods().setMethodsList(methods).setEventStoreServerVersion('24.10.0-emulator'));
      },
    });
    // The port of a server just shut down can take a moment to be released: retry briefly.
    for (let attempt = 1; ; attempt += 1) {
      try {
        this.boundPort = await new Promise<number>((resolve, reject) =>
          server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
        );
        break;
      } catch (error) {
        if (attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    this.server = server;
  }
}
