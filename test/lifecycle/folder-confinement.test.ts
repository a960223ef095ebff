import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachCommand } from '../../src/cli/commands/attach.js';
import { historyCommand } from '../../src/cli/commands/history.js';
import { logsCommand } from '../../src/cli/commands/logs.js';
import { resumeCommand } from '../../src/cli/commands/resume.js';
import { showCommand } from '../../src/cli/commands/show.js';
import { joinWithin, PathEscapeError } from '../../src/runner/folder/folder-names.js';
import { runFolderPaths } from '../../src/runner/folder/run-folder.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { textSink } from '../fixtures/text-sink.js';
import { fakeRun } from '../integration/harness.js';

const tempDir = useTempDirs();

/** A runs folder inside a folder that has logs of its own, which no command about a run may print. */
async function runsBesideASecret() {
  const outside = tempDir();
  fs.mkdirSync(path.join(outside, 'logs'));
  fs.writeFileSync(path.join(outside, 'logs', 'secret.log'), 'OUTSIDE THE RUNS FOLDER\n');
  fs.writeFileSync(path.join(outside, 'secret.log'), 'OUTSIDE THE RUNS FOLDER\n');
  const runsDir = path.join(outside, 'runs');
  const run = fakeRun(runsDir, { params: { stages: ['bronze'] } });
  await run.runner.start();
  return { runsDir, run };
}

describe('ids and paths confined to their folder', () => {
  it.each(['..', '.', '../runs', '/etc', '.hidden'])('run id %j: every command refuses it in one line, exit 2, and prints nothing outside', async (runId) => {
    const { runsDir } = await runsBesideASecret();
    const refused = /^backfill: .* is not a run id .*\n$/;

    const out = textSink();
    const err = textSink();
    expect(await logsCommand([runId, '--runs-dir', runsDir], { out: out.stream, err: err.stream })).toBe(2);
    expect(out.text()).toBe('');
    expect(err.text()).toMatch(refused);

    const show = textSink();
    expect(await showCommand([runId, '--runs-dir', runsDir], { out: textSink().stream, err: show.stream })).toBe(2);
    expect(show.text()).toMatch(refused);
    const attach = textSink();
    expect(await attachCommand([runId, '--runs-dir', runsDir], { out: textSink().stream, err: attach.stream })).toBe(2);
    expect(attach.text()).toMatch(refused);
    const resume = textSink();
    expect(await resumeCommand([runId, '--runs-dir', runsDir, '--headless'], { out: textSink().stream, err: resume.stream })).toBe(2);
    expect(resume.text()).toMatch(refused);
  });

  it('a stage name that leads out of the run folder: the record is refused and logs prints only what is inside', async () => {
    const { runsDir, run } = await runsBesideASecret();
    const file = path.join(run.runDir, 'run.json');
    const record = JSON.parse(fs.readFileSync(file, 'utf8'));
    record.stages[0].name = '../../../secret';
    record.params.stages = ['../../../secret'];
    fs.writeFileSync(file, JSON.stringify(record));

    const out = textSink();
    const err = textSink();
    await logsCommand([run.plan.runId, '--runs-dir', runsDir], { out: out.stream, err: err.stream });
    expect(out.text()).not.toContain('OUTSIDE');
    expect(err.text()).toMatch(/run\.json has the wrong shape: .*stages\.0\.name: expected a name of letters/);
    const show = textSink();
    expect(await showCommand([run.plan.runId, '--runs-dir', runsDir], { out: textSink().stream, err: show.stream })).toBe(2);
    expect(show.text()).toMatch(/^backfill: run .* has no readable run\.json: .*stages\.0\.name/);
  });

  it('history skips and names a folder whose name is not a run id', async () => {
    const { runsDir, run } = await runsBesideASecret();
    fs.mkdirSync(path.join(runsDir, '.partial'));
    const out = textSink();
    const err = textSink();
    expect(await historyCommand(['--runs-dir', runsDir], out.stream, err.stream)).toBe(0);
    expect(out.text()).toContain(run.plan.runId);
    expect(err.text()).toBe('backfill: skipped run .partial: not a run id (letters, digits, _ - . and no leading dot)\n');
  });

  it('joinWithin refuses a path that leaves its base, and the run folder paths use it', () => {
    const base = tempDir();
    expect(joinWithin(base, 'a', 'b.log')).toBe(path.join(base, 'a', 'b.log'));
    for (const segments of [['..'], ['.'], ['a', '../../x'], ['/etc/passwd'], ['a\0b']]) {
      expect(() => joinWithin(base, ...segments)).toThrow(PathEscapeError);
    }
    expect(() => runFolderPaths(base, '..')).toThrow(PathEscapeError);
    expect(() => runFolderPaths(base, 'r1').logFile('../../x')).toThrow(PathEscapeError);
    expect(() => runFolderPaths(base, 'r1').chunkLogFile('bronze', '../../../x')).toThrow(PathEscapeError);
  });

  it('an empty --runs-dir is refused, not read as the current folder', async () => {
    await expect(historyCommand(['--runs-dir', ''], textSink().stream, textSink().stream)).rejects.toThrow(/^--runs-dir is empty; give it a value/);
    await expect(logsCommand(['r1', '--runs-dir', ''], { out: textSink().stream, err: textSink().stream })).rejects.toThrow(/--runs-dir is empty/);
  });
});
