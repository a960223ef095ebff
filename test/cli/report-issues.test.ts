import { describe, expect, it } from 'vitest';
import { formatIssues } from '../../src/cli/report-issues.js';
import { shown } from '../../src/config/shown.js';

const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('formatIssues', () => {
  it('prints every line terminal-safe, whatever a message carries from outside', () => {
    const text = formatIssues([
      { flag: '--locations', message: '--locations /data/\u001b]0;PWNED\u0007cities\u202e.jsonl: no such file.' },
      { flag: '--runs-dir', message: '--runs-dir /srv/\u009b2Jruns\u2066: does not take new folders.' },
    ]);
    expect(text).not.toMatch(UNSAFE);
    expect(text).toBe(
      'backfill: --locations /data/cities.jsonl: no such file.\nbackfill: --runs-dir /srv/runs: does not take new folders.\nNothing was started. See backfill --help.\n',
    );
  });

  it('leaves a value shown() escaped as it is: escaped once, not twice', () => {
    const message = `--master ${shown('yarn\u001b[2J\u202e')} is not a Spark master.`;
    expect(formatIssues([{ flag: '--master', message }])).toBe(`backfill: --master yarn\\x1b[2J\\u202e is not a Spark master.\nNothing was started. See backfill --help.\n`);
  });
});
