import { acquireWarehouseLock, releaseWarehouseLock, transferLock, type HeldLock } from '../lifecycle/warehouse-lock.js';

/**
 * The warehouse lock as the runner host keeps it: held while the run runs, released when it finishes (before
 * the host lingers for its viewers: a summary left open in a terminal must not block the next cron run), and
 * taken again when a viewer retries a stage of the finished run. Lock work happens one step at a time.
 */
export class RunLock {
  private held = true;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private lock: HeldLock,
    private readonly log: (text: string) => void,
  ) {}

  get isHeld(): boolean {
    return this.held;
  }

  /** Makes this process the lock's owner (it was taken by the launcher), in the machine lock and the marker. */
  takeOwnership(): Promise<void> {
    return this.enqueue(async () => {
      const problem = await transferLock(this.lock, process.pid);
      if (problem) this.log(problem);
    });
  }

  /** Releases the lock once `beforeRelease` (stopping what is left of the run) is done. */
  release(beforeRelease: () => Promise<unknown> = async () => {}): Promise<void> {
    return this.enqueue(async () => {
      if (!this.held) return;
      await beforeRelease();
      const problem = await releaseWarehouseLock(this.lock);
      if (problem) this.log(problem);
      this.held = false;
    });
  }

  /** Takes the lock again for a retry; rejects with the refusal in words when another run holds it now. */
  reacquire(): Promise<void> {
    return this.enqueue(async () => {
      if (this.held) return;
      const taken = await acquireWarehouseLock(this.lock.warehouse, this.lock.runId, { mode: 'detached' });
      if (!taken.ok) throw new Error(taken.message.replace(/^backfill: /, '').trim());
      this.lock = taken.lock;
      this.held = true;
    });
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step);
    this.queue = next.catch(() => {});
    return next;
  }
}
