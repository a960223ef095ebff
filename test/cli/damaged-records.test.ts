import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { historyCommand } from '../../src/cli/commands/history.js';
import { logsCommand } from '../../src/cli/commands/logs.js';
import { readEvents } from '../../src/runner/folder/run-folder.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { textSink } from '../fixtures/text-sink.js';
import { fakeRun } from '../integration/harness.js';

const tempDir = useTempDirs();

async function twoRuns(runsDir: string) {
  const good = fakeRun(runsDir);
  await good.runner.start();
  const bad = fakeRun(runsDir);
  await bad.runner.start();
  return { good, bad };
}

describe('damaged run records', () => {
  it('history skips a run.json of the wrong shape, names it, and lists the others', async () => {
    const runsDir = tempDir();
    const { good, bad } = await twoRuns(runsDir);
    fs.writeFileSync(path.join(bad.runDir, 'run.json'), JSON.stringify({ id: bad.plan.runId, params: null, stages: 'x' }));
    fs.mkdirSync(path.join(runsDir, '20200101-000000-none'));
    const out = textSink();
    const err = textSink();
    expect(await historyCommand(['--runs-dir', runsDir], out.stream, err.stream)).toBe(0);
    expect(out.text()).toContain(good.plan.runId);
    expect(out.text()).not.toContain(bad.plan.runId);
    expect(err.text()).toMatch(new RegExp(`skipped run ${bad.plan.runId}: .*run\\.json has the wrong shape: params`));
    expect(err.text()).toContain('skipped run 20200101-000000-none: no run.json');
  });

  it('logs prints the logs on disk when run.json is damaged', async () => {
    const runsDir = tempDir();
    const { bad } = await twoRuns(runsDir);
    fs.writeFileSync(path.join(bad.runDir, 'run.json'), '{"id": "cut off');
    const out = textSink();
    const err = textSink();
    expect(await logsCommand([bad.plan.runId, '--runs-dir', runsDir], { out: out.stream, err: err.stream })).toBe(0);
    expect(err.text()).toMatch(/run\.json is not JSON.*printing the 3 log file\(s\) found on disk/);
    expect(out.text()).toContain('BACKFILL_RESULT {"stage": "gold"');
    const silverOnly = textSink();
    await logsCommand([bad.plan.runId, '--stage', 'silver', '--runs-dir', runsDir], { out: silverOnly.stream, err: textSink().stream });
    expect(silverOnly.text()).toContain('"stage": "silver"');
    expect(silverOnly.text()).not.toContain('"stage": "gold"');
  });

  it('events.ndjson: lines of the wrong shape are skipped, not trusted', async () => {
    const runsDir = tempDir();
    const { good } = await twoRuns(runsDir);
    fs.appendFileSync(path.join(good.runDir, 'events.ndjson'), 'null\n{"type":"made-up","at":"x"}\n[1,2]\n{"type":"run-fini');
    const events = readEvents(good.runDir);
    expect(events.length).toBeGreaterThan(3);
    expect(events.every((event) => typeof event.type === 'string' && (event.type as string) !== 'made-up')).toBe(true);
  });
});
