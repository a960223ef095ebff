// The TUI in a real terminal (tmux) with fake spark-submit children: start a run, kill the terminal (the TUI
// gets SIGHUP), see the run go on, attach from a new terminal, detach with `d`, attach again to the end.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hostLiveness, readHostInfo } from '../../src/lifecycle/host-info.js';
import { FAKE_SPARK_SUBMIT } from '../fixtures/params.js';
import { processesOfRun } from './support/processes.js';
import { CLI, scratchDir } from './support/project.js';
import { TmuxSession } from './support/tmux.js';

const sessions: TmuxSession[] = [];
afterEach(() => {
  for (const session of sessions.splice(0)) session.kill();
});

function open(name: string, dir: string, args: string[]): TmuxSession {
  const session = TmuxSession.start(`backfill-detach-${process.pid}-${name}`, [
    'env',
    'CI=false',
    'FAKE_SPARK_BEHAVIOUR=bronze=slow:8000,silver=slow:6000',
    `FAKE_SPARK_CALLS_FILE=${path.join(dir, 'calls.ndjson')}`,
    process.execPath,
    CLI,
    ...args,
  ]);
  sessions.push(session);
  return session;
}

/** The exit status once the program has ended (it may take a moment after a key that ends it). */
async function exitStatusWhenEnded(session: TmuxSession): Promise<number | undefined> {
  for (let i = 0; i < 40; i++) {
    const status = session.exitStatus();
    if (status !== undefined && Number.isFinite(status)) return status;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return session.exitStatus();
}

describe('a run that outlives its terminal', () => {
  it('goes on when the tmux session is killed, and attach shows it, live, from a new one', async () => {
    const dir = scratchDir('detach');
    const runsDir = path.join(dir, 'runs');
    const first = open('start', dir, [
      '--start-date', '2024-01-01', '--end-date', '2024-01-02',
      '--spark-submit', FAKE_SPARK_SUBMIT, '--warehouse', path.join(dir, 'warehouse'), '--runs-dir', runsDir, '--grace', '1', '--yes',
    ]);
    await first.waitFor(/bronze\s+▶ running/, 30_000);
    first.kill(); // the terminal is gone: the TUI gets SIGHUP
    sessions.splice(sessions.indexOf(first), 1);

    const [runId] = readdirSync(runsDir).filter((name) => !name.endsWith('.lock'));
    const runDir = path.join(runsDir, runId!);
    expect(hostLiveness(readHostInfo(runDir)).verdict).toBe('alive');
    expect(JSON.parse(readFileSync(path.join(runDir, 'run.json'), 'utf8')).status).toBe('running');

    const second = open('attach', dir, ['attach', '--runs-dir', runsDir]);
    const attached = await second.waitFor(/bronze\s+(▶ running|✔ succeeded)/, 20_000);
    expect(attached).toContain(`backfill run ${runId}`);
    expect(attached).toContain('Running Spark version'); // the log tail from before the attach
    await second.waitFor(/silver\s+▶ running/, 30_000);
    await second.press('d');
    const status = await exitStatusWhenEnded(second);
    expect(status, second.screen()).toBe(0);

    const third = open('reattach', dir, ['attach', runId!, '--runs-dir', runsDir]);
    const done = await third.waitFor(/Run succeeded/, 60_000);
    expect(done).toMatch(/bronze\s+✔ succeeded[\s\S]*silver\s+✔ succeeded[\s\S]*gold\s+✔ succeeded/);
    await third.press('q');
    expect(await exitStatusWhenEnded(third)).toBe(0);

    const stages = readFileSync(path.join(dir, 'calls.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line).env.BACKFILL_STAGE);
    expect(stages).toEqual(['bronze', 'silver', 'gold']);
    expect(processesOfRun(runId!)).toEqual([]);
    for (let i = 0; i < 40 && existsSync(path.join(runDir, 'control.sock')); i++) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(existsSync(path.join(runDir, 'control.sock'))).toBe(false); // the host has gone too
  });
});
