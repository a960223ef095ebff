/**
 * Runs a chunked stage's chunks, up to `parallel` at once, until none is left to start or the stage is told
 * to stop (then the running ones are waited for). Each chunk is claimed when it starts, so one never runs twice.
 */
export async function runChunkPool(options: {
  parallel: number;
  /** The chunks not started yet, in order, as the run's state has them now. */
  pending(): readonly string[];
  /** Runs one chunk to its end, its outcome recorded. */
  run(chunk: string): Promise<void>;
  stopped(): boolean;
}): Promise<void> {
  const parallel = Math.max(1, Math.floor(options.parallel));
  const claimed = new Set<string>();
  const active = new Set<Promise<void>>();
  for (;;) {
    while (!options.stopped() && active.size < parallel) {
      const chunk = options.pending().find((candidate) => !claimed.has(candidate));
      if (chunk === undefined) break;
      claimed.add(chunk);
      const running: Promise<void> = options.run(chunk).then(() => void active.delete(running));
      active.add(running);
    }
    if (active.size === 0) return;
    await Promise.race(active);
  }
}
