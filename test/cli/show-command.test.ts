import { describe, expect, it } from 'vitest';
import { showCommand } from '../../src/cli/commands/show.js';
import { rollbackPlan } from '../../src/runner/run/run-changes.js';
import type { StageRecord } from '../../src/runner/run/run-types.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { textSink } from '../fixtures/text-sink.js';
import { fakeRun } from '../integration/harness.js';

const tempDir = useTempDirs();

describe('backfill show', () => {
  it('reports parameters, stages, commits, rows, coverage and the Spark SQL that rolls each table back', async () => {
    const runsDir = tempDir();
    const run = fakeRun(runsDir, { params: { startDate: '2024-01-01', endDate: '2024-02-29', chunk: 'month', conf: ['spark.hadoop.fs.s3a.secret.key=XYZ'] } });
    await run.runner.start();
    const out = textSink();
    expect(await showCommand([run.plan.runId, '--runs-dir', runsDir], { out: out.stream, err: textSink().stream })).toBe(0);
    const text = out.text();
    expect(text).toMatch(new RegExp(`^Run ${run.plan.runId} · succeeded \\(exit 0\\) · 2024-01-01 → 2024-02-29 \\(60 days\\)`));
    expect(text).toContain('spark.hadoop.fs.s3a.secret.key=*********(redacted)');
    expect(text).not.toContain('XYZ');
    expect(text).toMatch(/bronze\[2024-01\]\s+lh\.bronze\.open_meteo_hourly {2}snapshot \d{19} \(replaced 9007199254740993001\) {2}2,232 rows/);
    expect(text).toContain("CALL lh.system.rollback_to_snapshot('`bronze`.`open_meteo_hourly`', 9007199254740993001);");
    expect(text).toContain("CALL lh.system.rollback_to_snapshot('`silver`.`air_quality_hourly_clean`', 9007199254740993001);");
    expect(text).toMatch(/coverage: complete hours per (day|week)/);
    expect(text).toContain('none asked for');

    const json = textSink();
    await showCommand([run.plan.runId, '--runs-dir', runsDir, '--json'], { out: json.stream, err: textSink().stream });
    const report = JSON.parse(json.text());
    expect(report.rowsWritten['lh.bronze.open_meteo_hourly']).toBe(4320);
    expect(report.rollback[0]).toMatchObject({ table: 'lh.bronze.open_meteo_hourly', toSnapshot: '9007199254740993001' });
  });

  it('names an unknown run with exit 2', async () => {
    const err = textSink();
    expect(await showCommand(['20990101-000000-none', '--runs-dir', tempDir()], { out: textSink().stream, err: err.stream })).toBe(2);
    expect(err.text()).toContain('no run 20990101-000000-none');
  });
});

describe('rollbackPlan', () => {
  const stage = (commits: StageRecord['commits']): StageRecord => ({
    name: 'bronze', status: 'succeeded', command: [], startedAt: null, finishedAt: null, durationMs: null, exitCode: 0, signal: null, commits,
  });

  it('goes back to the snapshot before the run\'s first commit, whatever order chunks committed in', () => {
    const plan = rollbackPlan([
      stage([
        { table: 'lh.bronze.t', snapshotId: '30', parentSnapshotId: '20', rowsWritten: 1 },
        { table: 'lh.bronze.t', snapshotId: '20', parentSnapshotId: '10', rowsWritten: 1 },
      ]),
    ]);
    expect(plan).toEqual([{ table: 'lh.bronze.t', toSnapshot: '10', sql: "CALL lh.system.rollback_to_snapshot('`bronze`.`t`', 10)" }]);
  });

  it('quotes each part of a name in backticks (a backtick doubled) inside a string literal (a quote escaped), as Spark SQL reads them', () => {
    const [rollback] = rollbackPlan([stage([{ table: "lh.bronze.`it's ``odd```.`x\\`", snapshotId: '5', parentSnapshotId: '4', rowsWritten: 1 }])]);
    expect(rollback!.sql).toBe("CALL lh.system.rollback_to_snapshot('`bronze`.`it\\'s ``odd```.`x\\\\`', 4)");
    const [created] = rollbackPlan([stage([{ table: "lh.gold.`it's ``odd``\nDROP TABLE lh`.gold.other", snapshotId: '5', parentSnapshotId: null, rowsWritten: 1 }])]);
    expect(created!.sql).toBe("-- `lh`.`gold`.`it's ``odd`` DROP TABLE lh`.`gold`.`other` was created by this run: nothing to roll back to (DROP TABLE `lh`.`gold`.`it's ``odd`` DROP TABLE lh`.`gold`.`other` removes it)");
  });

  it('says so when the run created the table', () => {
    expect(rollbackPlan([stage([{ table: 'lh.gold.x', snapshotId: '5', parentSnapshotId: null, rowsWritten: 3 }])])[0]).toMatchObject({ toSnapshot: null, sql: expect.stringContaining('created by this run') });
  });
});
