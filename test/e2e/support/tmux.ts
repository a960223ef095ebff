import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

// tmux's own #{pane_dead_status} is sometimes empty for a program that exits soon after it starts, so a
// fixed wrapper writes the exit status to a file. The program's argv is passed as arguments, never parsed.
const RECORD_EXIT_STATUS = '"$@"; echo $? > "$0"';

/** A program running in a real terminal: a detached tmux session we type into and read from. */
export class TmuxSession {
  private constructor(
    readonly name: string,
    private readonly statusFile: string,
  ) {}

  static start(name: string, argv: string[], size = { columns: 130, rows: 40 }): TmuxSession {
    const statusFile = path.join(mkdtempSync(path.join(tmpdir(), 'backfill-tmux-')), 'exit-status');
    execFileSync('tmux', [
      'new-session', '-d', '-s', name, '-x', String(size.columns), '-y', String(size.rows),
      'sh', '-c', RECORD_EXIT_STATUS, statusFile, ...argv,
      // Same tmux command, so it is set before the program can end: the last screen stays readable.
      ';', 'set-option', '-t', name, 'remain-on-exit', 'on',
    ]);
    return new TmuxSession(name, statusFile);
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
    if (!existsSync(this.statusFile)) return undefined;
    const text = readFileSync(this.statusFile, 'utf8').trim();
    return text === '' ? undefined : Number(text);
  }

  kill(): void {
    try {
      execFileSync('tmux', ['kill-session', '-t', this.name], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
}
