export const DEFAULT_PROGRESS_INTERVAL_MS = 5000;

/**
 * Lets at most one progress report per key through per interval; time comes from the events themselves.
 * What it holds back is remembered (the newest per key), so a reporter can still print a stage's last
 * progress when the stage ends: "3/3" must not be lost to the throttle.
 */
export class ProgressThrottle<T = true> {
  private readonly lastReportAt = new Map<string, number>();
  private readonly held = new Map<string, T>();

  constructor(private readonly intervalMs: number = DEFAULT_PROGRESS_INTERVAL_MS) {}

  allow(key: string, atIso: string, item?: T): boolean {
    const at = Date.parse(atIso);
    const last = this.lastReportAt.get(key);
    if (last !== undefined && at - last < this.intervalMs) {
      this.held.set(key, item ?? (true as T));
      return false;
    }
    this.lastReportAt.set(key, at);
    this.held.delete(key);
    return true;
  }

  /** The newest report held back for `key` since the last one let through, if any; forgets it. */
  takeHeld(key: string): T | undefined {
    const item = this.held.get(key);
    this.held.delete(key);
    return item;
  }
}
