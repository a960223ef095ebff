import { describe, expect, it } from 'vitest';
import { buildRunReport, formatRunReport } from '../../src/lifecycle/run-report.js';
import { identifierParts } from '../../src/runner/run/run-changes.js';
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

const NOT_ASCII_REFUSAL =
  'no SQL printed: its name holds characters other than printable ASCII, which a terminal may show as nothing or as other characters ' +
  "(escaped here), so SQL read or copied from the screen could name another table; show's --json report has the exact SQL";

const NOT_A_NAME_REFUSAL =
  'no SQL printed: its name does not read as one Spark SQL table name (parts joined by dots, each of letters, digits and _, ' +
  "or in backticks with `` for a backtick inside), so SQL made from it would name another table; show's --json report has no SQL for it either";

describe("show's rollback SQL names exactly the table the run committed to", () => {
  it('quotes a name with quotes and backticks as Spark SQL reads it', () => {
    expect(rollbackLines(reportOf([{ table: "lh.bronze.`it's ``odd```", snapshotId: '5', parentSnapshotId: '4', rowsWritten: 1 }]))).toEqual([
      "  CALL lh.system.rollback_to_snapshot('`bronze`.`it\\'s ``odd```', 4);",
    ]);
    expect(rollbackLines(reportOf([{ table: 'lh.`bronze`.open_meteo_hourly', snapshotId: '5', parentSnapshotId: '4', rowsWritten: 1 }]))).toEqual([
      "  CALL lh.system.rollback_to_snapshot('`bronze`.`open_meteo_hourly`', 4);",
    ]);
  });

  it('prints no SQL for a name that is not printable ASCII, and names the table escaped', () => {
    const cases: Array<[string, string]> = [
      ['lh.bronze.`t\u001b]0;x\u0007`', 'lh.bronze.`t\\x1b]0;x\\x07`'], // the sanitizer drops the OSC: the SQL would name lh.bronze.t
      ['lh.bronze.`a\u200bb`', 'lh.bronze.`a\\u200bb`'], // a zero-width space shows as nothing: the SQL would read as lh.bronze.ab
      ['lh.bronze.`rtl\u202eevil`', 'lh.bronze.`rtl\\u202eevil`'],
      ['lh.bronze.`two\u00a0words`', 'lh.bronze.`two\\xa0words`'],
      // Drawn as nothing, or as a space: each would read as lh.bronze.open_meteo_hourly, the real table.
      ['lh.bronze.`open_meteo_hourly\u034f`', 'lh.bronze.`open_meteo_hourly\\u034f`'],
      ['lh.bronze.`open_meteo_hourly\ufe0f`', 'lh.bronze.`open_meteo_hourly\\ufe0f`'],
      ['lh.bronze.`open_meteo_hourly\u3164`', 'lh.bronze.`open_meteo_hourly\\u3164`'],
      ['lh.bronze.`open_meteo_hourly\u2800`', 'lh.bronze.`open_meteo_hourly\\u2800`'],
      ['lh.bronze.`open_meteo_hourly\u0301`', 'lh.bronze.`open_meteo_hourly\\u0301`'],
      ['lh.bronze.`\u043epen_meteo_hourly`', 'lh.bronze.`\\u043epen_meteo_hourly`'], // a Cyrillic o
    ];
    for (const [table, named] of cases) {
      const lines = rollbackLines(reportOf([{ table, snapshotId: '5', parentSnapshotId: '4', rowsWritten: 1 }]));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toBe(`  -- ${named}: ${NOT_ASCII_REFUSAL}`);
    }
  });

  it('prints no SQL, and --json claims none, for a name that does not read back as the same parts', () => {
    const cases: Array<[string, string]> = [
      ['lh.bronze.`open`x', 'lh.bronze.`open`x'], // not `open`
      ['`bronze`x.open_meteo_hourly', '`bronze`x.open_meteo_hourly'], // not the real bronze table
      ['`bronze.open_meteo_hourly', '`bronze.open_meteo_hourly'], // unterminated: not one part
      ['bronze.t.', 'bronze.t.'], // no table of an empty name
      ['lh..t', 'lh..t'],
      ['lh.bronze.it\'s `odd`', 'lh.bronze.it\'s `odd`'], // bare parts are letters, digits and _
      ['lh.bronze. t', 'lh.bronze. t'],
      ['lh.bronze.open_meteo_hourly\u034f', 'lh.bronze.open_meteo_hourly\\u034f'],
      ['lh.bronze.t\u001b]0;x\u0007', 'lh.bronze.t\\x1b]0;x\\x07'],
    ];
    for (const parent of ['4', null]) {
      for (const [table, named] of cases) {
        const report = buildRunReport(recordOf([{ table, snapshotId: '5', parentSnapshotId: parent, rowsWritten: 1 }]), 'succeeded', undefined);
        expect(report.rollback).toEqual([{ table, toSnapshot: parent, sql: null, problem: expect.stringContaining('does not read as one Spark SQL table name') }]);
        expect(rollbackLines(formatRunReport(report))).toEqual([`  -- ${named}: ${NOT_A_NAME_REFUSAL}`]);
      }
    }
  });

  it('prints no DROP TABLE for a table the run created whose name a terminal cannot show as itself', () => {
    const [line] = rollbackLines(reportOf([{ table: 'lh.gold.`x\u001b[2K\ny`', snapshotId: '5', parentSnapshotId: null, rowsWritten: 1 }]));
    expect(line).not.toContain('DROP TABLE');
    expect(line).toContain('-- lh.gold.`x\\x1b[2K\\x0ay`: no SQL printed');
  });

  it('keeps the exact SQL in the --json report', () => {
    const report = buildRunReport(recordOf([{ table: 'lh.bronze.`t\u001b]0;x\u0007`', snapshotId: '5', parentSnapshotId: '4', rowsWritten: 1 }]), 'succeeded', undefined);
    expect(report.rollback[0]!.sql).toBe("CALL lh.system.rollback_to_snapshot('`bronze`.`t\u001b]0;x\u0007`', 4)");
  });
});

describe('identifierParts', () => {
  it('reads each part bare or in backticks, and only a name its parts write back to', () => {
    expect(identifierParts('lh.bronze.open_meteo_hourly')).toEqual(['lh', 'bronze', 'open_meteo_hourly']);
    expect(identifierParts('lh.`a.b`.`it``s`')).toEqual(['lh', 'a.b', 'it`s']);
    for (const name of ['lh.bronze.`open`x', '`bronze`x.t', '`bronze.t', '`a``', 'bronze.t.', '.t', '', 'lh.``.t', 'a-b.t', 'lh.bronze.t\u034f']) {
      expect(identifierParts(name), name).toBeNull();
    }
  });
});
