import type { OptionIssue } from '../config/options.js';

export function formatIssues(issues: readonly OptionIssue[]): string {
  const lines = issues.map((issue) => `backfill: ${issue.message}`);
  return `${lines.join('\n')}\nNothing was started. See backfill --help.\n`;
}
