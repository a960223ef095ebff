export const DEFAULT_PROGRESS_INTERVAL_MS = 5000;

/** Lets at most one progress report per key through per interval; time comes from the events themselves. */
export class ProgressThrottle {
  private readonly lastReportAt = new Map<string, number>();

  constructor(private readonly intervalMs: number = DEFAULT_PROGRESS_INTERVAL_MS) {}

  allow(key: string, atIso: string): boolean {
    const at = Date.parse(atIso);
    const last = this.lastReportAt.get(key);
    if (last !== undefined && at - last < this.intervalMs) return false;
    this.lastReportAt.set(key, at);
    return true;
  }
}
