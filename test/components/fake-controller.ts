import type { RunController, RunEvent, RunEventListener, RunnerCommand } from '../../src/runner/run/events.js';

/** A RunController for tests: records commands, emits whatever events a test pushes. */
export class FakeController implements RunController {
  readonly sent: RunnerCommand[] = [];
  private readonly listeners = new Set<RunEventListener>();

  subscribe(listener: RunEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  send(command: RunnerCommand): void {
    this.sent.push(command);
  }

  emit(...events: RunEvent[]): void {
    for (const event of events) for (const listener of this.listeners) listener(event);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }
}

/** Lets effects, input handlers and the screen's tick (flush interval 0 in tests: every batch at once) run. */
export const tick = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

export const KEYS = {
  up: '\u001b[A',
  down: '\u001b[B',
  pageUp: '\u001b[5~',
  pageDown: '\u001b[6~',
  end: '\u001b[F',
  enter: '\r',
  escape: '\u001b',
  tab: '\t',
  shiftTab: '\u001b[Z',
  backspace: '\u007f',
  ctrlC: '\u0003',
} as const;
