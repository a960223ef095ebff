import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachCommand } from '../../src/cli/commands/attach.js';
import { historyCommand } from '../../src/cli/commands/history.js';
import { snapshotFromFolder } from '../../src/daemon/folder-snapshot.js';
import { readEvents } from '../../src/runner/folder/run-folder.js';
import { writeHostInfo } from '../../src/lifecycle/host-info.js';
import { listHistory } from '../../src/lifecycle/run-history.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { defaultPipeline } from '../../src/runner/plan/pipeline.js';
import { buildPlan } from '../../src/runner/plan/plan.js';
import { createRunner } from '../../src/lifecycle/create-runner.js';
import { fakeRun, fakeSetup } from '../integration/harness.js';
import { textSink } from '../fixtures/text-sink.js';

const tempDir = useTempDirs();

describe('a run folder after a crash mid-write', () => {
  it('still loads with a truncated last line in events.ndjson: history, snapshot and attach', async () => {
    const runsDir = tempDir();
    const run = fakeRun(runsDir, { behaviour: 'silver=fail:3' });
    await run.runner.start();
    const eventsFile = path.join(run.runDir, 'events.ndjson');
    const complete = readEvents(run.runDir).length;
    fs.appendFileSync(eventsFile, '{"type":"stage-output","at":"2026-11-24T0'); // cut off mid-write

    expect(readEvents(run.runDir)).toHaveLength(complete);
    expect((await listHistory(runsDir)).map((entry) => [entry.id, entry.status])).toEqual([[run.plan.runId, 'failed']]);
    const snapshot = snapshotFromFolder(run.runDir);
    expect(snapshot.record.stages.map((stage) => stage.status)).toEqual(['succeeded', 'failed', 'pending']);
    expect(snapshot.logTails.silver!.join('\n')).toContain('silver failed on purpose');

    const out = textSink();
    const code = await attachCommand([run.plan.runId, '--runs-dir', runsDir], { out: out.stream, err: textSink().stream });
    expect(code).toBe(1);
    expect(out.text()).toMatch(/silver/);
  });
});

/** A fake run with a chosen id: ids start with their start time, which orders history. */
function runWithId(runsDir: string, runId: string) {
  const setup = fakeSetup(runsDir);
  const plan = buildPlan(setup.plan.params, defaultPipeline, runId);
  return { plan, runDir: path.join(runsDir, runId), runner: createRunner(plan, { sparkUi: false, env: setup.env }) };
}

describe('backfill history', () => {
  it('lists runs newest first, a running run whose runner is dead as interrupted, and --json', async () => {
    const runsDir = tempDir();
    const older = runWithId(runsDir, '20261124-010000-aaaa');
    await older.runner.start();
    const newer = runWithId(runsDir, '20261124-020000-bbbb');
    await newer.runner.start();
    // Make the newer one look like a run whose host was killed mid-run.
    const record = JSON.parse(fs.readFileSync(path.join(newer.runDir, 'run.json'), 'utf8'));
    fs.writeFileSync(path.join(newer.runDir, 'run.json'), JSON.stringify({ ...record, status: 'running', finishedAt: null }));
    writeHostInfo(newer.runDir, { pid: 2 ** 22 + 1, startedAt: record.startedAt, mode: 'detached', resumedFrom: older.plan.runId });

    const out = textSink();
    expect(await historyCommand(['--runs-dir', runsDir], out.stream)).toBe(0);
    const lines = out.text().trim().split('\n');
    expect(lines[0]).toMatch(/^RUN\s+RANGE\s+STAGES\s+STATUS\s+STARTED\s+DURATION/);
    expect(lines[1]).toMatch(new RegExp(`^${newer.plan.runId}\\s+2024-01-01\\.\\.2024-01-31\\s+bronze,silver,gold\\s+interrupted\\s+.*resumes ${older.plan.runId}`));
    expect(lines[2]).toMatch(new RegExp(`^${older.plan.runId}\\s.*succeeded\\s+[\\d-]+ [\\d:]+Z\\s+\\d+m?s`));

    const json = textSink();
    await historyCommand(['--runs-dir', runsDir, '--json'], json.stream);
    const entries = json.text().trim().split('\n').map((line) => JSON.parse(line));
    expect(entries.map((entry) => [entry.id, entry.status, entry.durationMs === null])).toEqual([
      [newer.plan.runId, 'interrupted', true],
      [older.plan.runId, 'succeeded', false],
    ]);
  });
});
