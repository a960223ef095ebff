/** One poll of a driver's REST API at the given (reachable) address; throws or returns undefined when it has nothing. */
export type RestPoll<T> = (url: string) => Promise<T | undefined>;

/**
 * Polls one driver's REST API until stopped, one request at a time, `intervalMs` apart. Unreachable or odd
 * answers are silent (the API is a bonus: the stage never depends on it); a result is reported only when it
 * differs from the previous one.
 */
export class RestPoller<T> {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastKey = '';
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly url: string,
    private readonly poll: RestPoll<T>,
    private readonly onResult: (result: T) => void,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.timer || this.stopped) return;
    this.tick();
  }

  /** Stops polling; resolves once a poll under way has settled (its result is dropped). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  private tick(): void {
    this.inFlight = this.pollOnce().finally(() => {
      this.inFlight = undefined;
      if (!this.stopped) this.timer = setTimeout(() => this.tick(), this.intervalMs);
    });
  }

  private async pollOnce(): Promise<void> {
    let result: T | undefined;
    try {
      result = await this.poll(this.url);
    } catch {
      return; // not up yet, gone, or not a Spark UI
    }
    if (result === undefined || this.stopped) return;
    const key = JSON.stringify(result);
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.onResult(result);
  }
}
