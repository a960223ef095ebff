import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachCommand } from '../../src/cli/commands/attach.js';
import { historyCommand } from '../../src/cli/commands/history.js';
import { resumeCommand } from '../../src/cli/commands/resume.js';
import { showCommand } from '../../src/cli/commands/show.js';
import type { RunRecord } from '../../src/runner/run/run-types.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { textSink } from '../fixtures/text-sink.js';
import { fakeRun } from '../integration/harness.js';

const tempDir = useTempDirs();

/** Each passed the old schema, and each tripped a reader. */
const ODD_RECORDS: Array<[string, (record: RunRecord) => unknown]> = [
  ['a commit whose table is null', (record) => ({ ...record, stages: record.stages.map((stage) => ({ ...stage, commits: [{ table: null, snapshotId: '1', parentSnapshotId: null, rowsWritten: 1 }] })) })],
  ['a start time that is not a time', (record) => ({ ...record, startedAt: 'yesterday' })],
  ['a stage start time that is not a time', (record) => ({ ...record, stages: record.stages.map((stage) => ({ ...stage, startedAt: 'soon', finishedAt: 'later' })) })],
  ['a date that is not a real day', (record) => ({ ...record, params: { ...record.params, startDate: '2024-02-31' } })],
  ['coverage whose rows are not arrays', (record) => ({ ...record, coverage: { start: '2024-01-01', end: '2024-01-02', hoursPerDay: 24, pollutants: [], locations: { x: 5 } } })],
  ['coverage with a start that is not a day', (record) => ({ ...record, coverage: { start: 'x', end: '2024-01-02', hoursPerDay: 24, pollutants: [], locations: { x: [24] } } })],
  ['a quality gate without its fields', (record) => ({ ...record, qualityGate: { passed: 'no' } })],
];

async function runWithRecord(oddity: (record: RunRecord) => unknown) {
  const runsDir = tempDir();
  const run = fakeRun(runsDir, { behaviour: 'gold=fail:1' });
  await run.runner.start();
  const file = path.join(run.runDir, 'run.json');
  fs.writeFileSync(file, JSON.stringify(oddity(JSON.parse(fs.readFileSync(file, 'utf8')) as RunRecord)));
  return { runsDir, runId: run.plan.runId };
}

describe('a run.json that the readers cannot rely on', () => {
  it.each(ODD_RECORDS)('%s: show, attach and resume refuse it in one line (exit 2), history skips and names it', async (_name, oddity) => {
    const { runsDir, runId } = await runWithRecord(oddity);
    const oneLine = new RegExp(`^backfill: run ${runId} has no readable run\\.json: .*run\\.json has the wrong shape: [^\\n]+\\n$`);

    const show = textSink();
    expect(await showCommand([runId, '--runs-dir', runsDir], { out: textSink().stream, err: show.stream })).toBe(2);
    expect(show.text()).toMatch(oneLine);

    const attach = textSink();
    expect(await attachCommand([runId, '--runs-dir', runsDir], { out: textSink().stream, err: attach.stream })).toBe(2);
    expect(attach.text()).toMatch(oneLine);

    const resume = textSink();
    expect(await resumeCommand([runId, '--runs-dir', runsDir, '--headless'], { out: textSink().stream, err: resume.stream })).toBe(2);
    expect(resume.text()).toMatch(oneLine);

    const history = textSink();
    expect(await historyCommand(['--runs-dir', runsDir], textSink().stream, history.stream)).toBe(0);
    expect(history.text()).toMatch(new RegExp(`^backfill: skipped run ${runId}: .*run\\.json has the wrong shape`));
  });
});
