import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** A program running in a real terminal: a detached tmux session we type into and read from. */
export class TmuxSession {
  private constructor(readonly name: string) {}

  static start(name: string, argv: string[], size = { columns: 130, rows: 40 }): TmuxSession {
    const tmux = (...args: string[]) => execFileSync('tmux', args);
    tmux('new-session', '-d', '-s', name, '-x', String(size.columns), '-y', String(size.rows), 'sleep', '600');
    // Keep the pane after the program ends, so its last screen and exit status can still be read.
    tmux('set-option', '-t', name, 'remain-on-exit', 'on');
    tmux('respawn-pane', '-k', '-t', name, ...argv);
    return new TmuxSession(name);
  }

  screen(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-t', this.name]).toString();
  }

  /** Types text literally, then pauses so the program handles it as a person's typing. */
  async type(text: string): Promise<void> {
    execFileSync('tmux', ['send-keys', '-t', this.name, '-l', text]);
    await sleep(200);
  }

  /** Presses named keys (tmux names: Tab, Enter, Escape, PageUp...), one at a time. */
  async press(...keys: string[]): Promise<void> {
    for (const key of keys) {
      execFileSync('tmux', ['send-keys', '-t', this.name, key]);
      await sleep(200);
    }
  }

  async waitFor(pattern: RegExp, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`screen never matched ${pattern} within ${timeoutMs} ms:\n${screen}`);
      await sleep(250);
    }
  }

  /** The program's exit status once it has ended, else undefined. */
  exitStatus(): number | undefined {
    const [dead, status] = execFileSync('tmux', ['display-message', '-p', '-t', this.name, '#{pane_dead} #{pane_dead_status}'])
      .toString()
      .trim()
      .split(' ');
    return dead === '1' ? Number(status) : undefined;
  }

  kill(): void {
    try {
      execFileSync('tmux', ['kill-session', '-t', this.name], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
}
