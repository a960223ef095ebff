import { terminalSafe } from './terminal-safe.js';

/**
 * What a terminal gets when a run ends, so an operator in another window (or another tab of tmux) hears and
 * sees it: the bell, then a desktop notification as OSC 777 (urxvt, foot, WezTerm, Ghostty...) and OSC 9
 * (iTerm2, Windows Terminal, kitty...). Terminals that know neither ignore them.
 */
export function runEndAlert(runId: string, status: string): string {
  const text = terminalSafe(`backfill run ${runId} ${status}`).replace(/;/g, ',');
  return `\u0007\u001b]777;notify;backfill;${text}\u0007\u001b]9;${text}\u0007`;
}
