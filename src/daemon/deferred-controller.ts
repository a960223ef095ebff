import type { RunController, RunEventListener, RunnerCommand } from '../runner/run/events.js';

/**
 * A RunController available at once for one that is still being made (a runner host being launched):
 * subscriptions and commands are passed on once it is there.
 */
export class DeferredController implements RunController {
  private target: RunController | undefined;
  private readonly pending: Array<{ listener: RunEventListener; cancelled: boolean; unsubscribe?: () => void }> = [];
  private readonly queued: RunnerCommand[] = [];

  resolve(target: RunController): void {
    this.target = target;
    for (const entry of this.pending.splice(0)) if (!entry.cancelled) entry.unsubscribe = target.subscribe(entry.listener);
    for (const command of this.queued.splice(0)) target.send(command);
  }

  subscribe(listener: RunEventListener): () => void {
    if (this.target) return this.target.subscribe(listener);
    const entry: { listener: RunEventListener; cancelled: boolean; unsubscribe?: () => void } = { listener, cancelled: false };
    this.pending.push(entry);
    return () => {
      entry.cancelled = true;
      entry.unsubscribe?.();
    };
  }

  send(command: RunnerCommand): void {
    if (this.target) this.target.send(command);
    else this.queued.push(command);
  }
}
