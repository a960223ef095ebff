/** What decides whether the console can draw its screen and read keys. */
export interface TerminalStreams {
  out: { isTTY?: boolean };
  in: { isTTY?: boolean; setRawMode?: unknown };
}

export type TerminalVerdict = { interactive: true } | { interactive: false; note?: string };

/**
 * The TUI needs both ends: a terminal to draw on and one to read keys from in raw mode. With stdout a terminal
 * and stdin not (`backfill --yes </dev/null`, a `ssh host backfill ...` without -t) Ink would throw or wait for
 * keys that never come while the run holds its lock; the console runs headless instead and says why.
 */
export function terminalVerdict(streams: TerminalStreams = { out: process.stdout, in: process.stdin }): TerminalVerdict {
  if (!streams.out.isTTY) return { interactive: false };
  if (streams.in.isTTY && typeof streams.in.setRawMode === 'function') return { interactive: true };
  return {
    interactive: false,
    note: 'backfill: standard input is not a terminal, so keys cannot be read; running headless (plain lines). Pass --headless to silence this note.\n',
  };
}
