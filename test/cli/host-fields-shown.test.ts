import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachCommand } from '../../src/cli/commands/attach.js';
import { historyCommand } from '../../src/cli/commands/history.js';
import { HOST_INFO_FILE } from '../../src/lifecycle/host-info.js';
import type { RunRecord } from '../../src/runner/run/run-types.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { textSink } from '../fixtures/text-sink.js';
import { fakeRun } from '../integration/harness.js';

const tempDir = useTempDirs();
const EVIL = '\u001b]0;owned\u0007\u001b[2J\u202e';
const UNSAFE = /[\u001b\u0007\u009b\u202e]/;

// host.json is a file in the runs dir, which may be shared (NFS): its hostname reaches the operator's
// terminal only through the one sanitizer.
describe('a host.json whose hostname holds escape sequences', () => {
  it('attach names the machine without them', async () => {
    const runsDir = tempDir();
    const run = fakeRun(runsDir, {});
    await run.runner.start();
    const recordFile = path.join(run.runDir, 'run.json');
    const record = JSON.parse(fs.readFileSync(recordFile, 'utf8')) as RunRecord;
    fs.writeFileSync(recordFile, JSON.stringify({ ...record, status: 'running', finishedAt: null }));
    fs.writeFileSync(
      path.join(run.runDir, HOST_INFO_FILE),
      JSON.stringify({ pid: 4242, startTime: '1', startedAt: '2026-11-20T01:00:00.000Z', mode: 'detached', hostname: `edge-9${EVIL}` }),
    );

    const err = textSink();
    await attachCommand([run.plan.runId, '--runs-dir', runsDir], { out: textSink().stream, err: err.stream });
    expect(err.text()).toContain('edge-9');
    expect(err.text()).not.toMatch(UNSAFE);
  });
});

describe('a host.json whose resumedFrom holds escape sequences', () => {
  const hostileRun = async () => {
    const runsDir = tempDir();
    const run = fakeRun(runsDir, {});
    await run.runner.start();
    fs.writeFileSync(
      path.join(run.runDir, HOST_INFO_FILE),
      JSON.stringify({ pid: 4242, startTime: '1', startedAt: '2026-11-20T01:00:00.000Z', mode: 'detached', resumedFrom: `20261119-x${EVIL}\u009b2J` }),
    );
    return runsDir;
  };

  it('history names the run it resumed without them', async () => {
    const runsDir = await hostileRun();
    const out = textSink();
    await historyCommand(['--runs-dir', runsDir], out.stream, textSink().stream);
    expect(out.text()).toContain('resumes 20261119-x\\x1b]0;owned');
    expect(out.text()).not.toMatch(UNSAFE);
  });

  it('history --json escapes the C1 and bidi controls JSON.stringify leaves raw', async () => {
    const runsDir = await hostileRun();
    const out = textSink();
    await historyCommand(['--json', '--runs-dir', runsDir], out.stream, textSink().stream);
    expect(out.text()).not.toMatch(UNSAFE);
    expect((JSON.parse(out.text()) as { resumedFrom: string }).resumedFrom).toBe(`20261119-x${EVIL}\u009b2J`);
  });
});
