import type { OptionIssue } from '../config/options.js';
import { EXIT_CODES } from '../run/exit-code.js';

export const USAGE_EXIT_CODE = EXIT_CODES.usage;

export function formatIssues(issues: readonly OptionIssue[]): string {
  const lines = issues.map((issue) => `backfill: ${issue.message}`);
  return `${lines.join('\n')}\nNothing was started. See backfill --help.\n`;
}
