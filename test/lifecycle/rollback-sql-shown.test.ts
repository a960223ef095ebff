import { describe, expect, it } from 'vitest';
import { buildRunReport, formatRunReport } from '../../src/lifecycle/run-report.js';
import type { CommitRecord, RunRecord } from '../../src/runner/run/run-types.js';
import { testParams } from '../fixtures/params.js';

function recordOf(commits: CommitRecord[]): RunRecord {
  return {
    id: '20261206-050636-dtg2',
    params: testParams(),
    status: 'succeeded',
    startedAt: '2026-12-06T05:06:36.000Z',
    finishedAt: '2026-12-06T05:07:29.000Z',
    stages: [{ name: 'bronze', status: 'succeeded', command: [], startedAt: null, finishedAt: null, durationMs: 1, exitCode: 0, signal: null, commits }],
  };
}

function reportOf(commits: CommitRecord[]): string {
  return formatRunReport(buildRunReport(recordOf(commits), 'succeeded', undefined));
}

/** The lines of the report's rollback section. */
function rollbackLines(text: string): string[] {
  const lines = text.trimEnd().split('\n');
  return lines.slice(lines.findIndex((line) => line.startsWith('To roll the tables back')) + 1);
}

describe("show's rollback SQL names exactly the table the run committed to", () => {
  it('quotes a name with quotes and backticks as Spark SQL reads it', () => {
    expect(rollbackLines(reportOf([{ table: "lh.bronze.it's `odd`", snapshotId: '5', parentSnapshotId: '4', rowsWritten: 1 }]))).toEqual([
      "  CALL lh.system.rollback_to_snapshot('`bronze`.`it\\'s ``odd```', 4);",
    ]);
  });

  it('prints no SQL for a name a terminal cannot show as itself, and names the table escaped', () => {
    const cases: Array<[string, string]> = [
      ['lh.bronze.t\u001b]0;x\u0007', 'lh.bronze.t\\x1b]0;x\\x07'], // the sanitizer drops the OSC: the SQL would name lh.bronze.t
      ['lh.bronze.a\u200bb', 'lh.bronze.a\\u200bb'], // a zero-width space shows as nothing: the SQL would read as lh.bronze.ab
      ['lh.bronze.rtl\u202eevil', 'lh.bronze.rtl\\u202eevil'],
      ['lh.bronze.two\u00a0words', 'lh.bronze.two\\xa0words'],
    ];
    for (const [table, named] of cases) {
      const lines = rollbackLines(reportOf([{ table, snapshotId: '5', parentSnapshotId: '4', rowsWritten: 1 }]));
      expect(lines).toHaveLength(1);
      expect(lines[0]).not.toContain('CALL');
      expect(lines[0]).toBe(
        `  -- ${named}: no SQL printed: its name holds characters a terminal does not show as themselves (escaped here), ` +
          "so SQL read or copied from the screen would name another table; show's --json report has the exact SQL",
      );
    }
  });

  it('prints no DROP TABLE for a table the run created whose name a terminal cannot show as itself', () => {
    const [line] = rollbackLines(reportOf([{ table: 'lh.gold.x\u001b[2K\ny', snapshotId: '5', parentSnapshotId: null, rowsWritten: 1 }]));
    expect(line).not.toContain('DROP TABLE');
    expect(line).toContain('-- lh.gold.x\\x1b[2K\\x0ay: no SQL printed');
  });

  it('keeps the exact SQL in the --json report', () => {
    const report = buildRunReport(recordOf([{ table: 'lh.bronze.t\u001b]0;x\u0007', snapshotId: '5', parentSnapshotId: '4', rowsWritten: 1 }]), 'succeeded', undefined);
    expect(report.rollback[0]!.sql).toBe("CALL lh.system.rollback_to_snapshot('`bronze`.`t\u001b]0;x\u0007`', 4)");
  });
});
