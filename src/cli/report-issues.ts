import type { OptionIssue } from '../config/options.js';
import { terminalSafeLines } from '../text/terminal-safe.js';

/** The refusal of a run's options, one line per issue. A message echoes values from flags and files with
 *  shown() already; the whole text passes the one sanitizer too, so nothing from outside reaches the terminal raw. */
export function formatIssues(issues: readonly OptionIssue[]): string {
  const lines = issues.map((issue) => `backfill: ${issue.message}`);
  return terminalSafeLines(`${lines.join('\n')}\nNothing was started. See backfill --help.\n`);
}
