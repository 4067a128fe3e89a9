/**
 * A housekeeping task run every `everyMs` in the background (it never keeps the process alive); a
 * failed run is reported and the next one comes on time.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly everyMs: number,
    private readonly run: () => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    this.stop();
    this.timer = setInterval(() => void this.run().catch(this.onError), this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
