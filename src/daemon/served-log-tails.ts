import { chunkLinePrefix } from '../runner/plan/chunks.js';
import type { RunEvent } from '../runner/run/events.js';

/**
 * The last lines of each stage's output as the runner told them, kept by the control server from the run's
 * first event. A client's snapshot is cut from these, not from the log files: the files run ahead of the
 * events (a stage writes its log itself; the runner reads it a moment later), so a snapshot from disk and the
 * events after it would both carry the lines in between. Here, a line is in the snapshot or in an event after
 * it, never both and never neither.
 */
export class ServedLogTails {
  private readonly tails = new Map<string, string[]>();

  constructor(private readonly maxLines: number) {}

  push(event: RunEvent): void {
    if (event.type !== 'stage-output' || event.lines.length === 0) return;
    const tail = this.tails.get(event.stage) ?? [];
    this.tails.set(event.stage, tail);
    // A chunk's lines carry its label, as the live view of the whole stage shows them.
    const label = chunkLinePrefix(event.chunk);
    for (const line of event.lines.length > this.maxLines ? event.lines.slice(-this.maxLines) : event.lines) tail.push(`${label}${line}`);
    if (tail.length > this.maxLines) tail.splice(0, tail.length - this.maxLines);
  }

  /** Each stage's last lines, copied; a stage that printed nothing yet has none. */
  snapshot(stages: readonly string[]): Record<string, string[]> {
    return Object.fromEntries(stages.map((stage) => [stage, [...(this.tails.get(stage) ?? [])]]));
  }
}
