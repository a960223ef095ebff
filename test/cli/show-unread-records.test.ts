import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { showCommand } from '../../src/cli/commands/show.js';
import { createRunFolder, writeRunRecord } from '../../src/runner/folder/run-folder.js';
import type { RunParams } from '../../src/runner/plan/plan-types.js';
import { testParams } from '../fixtures/params.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { textSink } from '../fixtures/text-sink.js';

const tempDir = useTempDirs();
const RUN = '20261206-050636-dtg2';

/** A finished run's folder, with `files` (name → text, or 'fifo') beside its run.json. */
function runFolder(params: Partial<RunParams>, files: Record<string, string>, runsDir = tempDir()): { runsDir: string; dir: string } {
  const { dir } = createRunFolder(runsDir, RUN);
  const stage = { name: 'silver', status: 'succeeded' as const, command: [], startedAt: null, finishedAt: null, durationMs: 1, exitCode: 0, signal: null };
  writeRunRecord(dir, { id: RUN, params: testParams({ runsDir, ...params }), status: 'succeeded', startedAt: '2026-12-06T05:06:36.000Z', finishedAt: '2026-12-06T05:07:29.000Z', stages: [stage] });
  for (const [name, text] of Object.entries(files)) {
    if (text === 'fifo') execFileSync('mkfifo', [path.join(dir, name)]);
    else fs.writeFileSync(path.join(dir, name), text);
  }
  return { runsDir, dir };
}

async function show(runsDir: string, json = false): Promise<string> {
  const out = textSink();
  expect(await showCommand([RUN, '--runs-dir', runsDir, ...(json ? ['--json'] : [])], { out: out.stream, err: textSink().stream })).toBe(0);
  return out.text();
}

/** The lines of the report's section `title`. */
function section(text: string, title: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(title);
  expect(start, `no ${title} section in:\n${text}`).toBeGreaterThan(-1);
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end);
}

const attempt = (n: number, exitCode: number) =>
  JSON.stringify({ stage: 'silver', attempt: n, of: 3, startedAt: '2026-12-06T05:06:40.000Z', finishedAt: '2026-12-06T05:06:50.000Z', exitCode, signal: null, logFile: n === 1 ? 'logs/silver.log' : `logs/silver.attempt-${n}.log` });

describe('backfill show of a run whose notifications or attempts cannot all be read', () => {
  it('names a notifications.ndjson it cannot read, with the reason, instead of saying none was sent', async () => {
    const { runsDir, dir } = runFolder({ notifyUrl: 'https://hooks.example/*********(redacted)' }, { 'notifications.ndjson': 'fifo' });
    const lines = section(await show(runsDir), 'Notifications');
    expect(lines).toEqual([`  ${path.join(dir, 'notifications.ndjson')} is a FIFO (named pipe), not a file backfill writes; move it aside`]);
    expect(JSON.parse(await show(runsDir, true)).unreadRecords.notifications).toEqual([`${path.join(dir, 'notifications.ndjson')} is a FIFO (named pipe), not a file backfill writes; move it aside`]);
  });

  it('names the notification lines it skipped: how many, and the first one\'s number', async () => {
    const good = JSON.stringify({ at: '2026-12-06T05:07:30.000Z', kind: 'cmd', target: '/bin/notify', ok: true, attempts: 1, message: 'exit code 0' });
    const { runsDir, dir } = runFolder({ notifyCmd: '/bin/notify' }, { 'notifications.ndjson': `${good}\n{"at": "cut off by a cra\nnot json\n` });
    expect(section(await show(runsDir), 'Notifications')).toEqual([
      '  cmd /bin/notify: sent (exit code 0; 1 attempt) at 2026-12-06 05:07:30Z',
      `  ${path.join(dir, 'notifications.ndjson')}: 2 lines are not notification records; skipped (the first is line 2)`,
    ]);
  });

  it('lists the attempts of a stage that ran again, and names the attempts.ndjson lines it skipped', async () => {
    const { runsDir, dir } = runFolder({ retries: 2 }, { 'attempts.ndjson': `${attempt(1, 3)}\n{"stage": 7}\n${attempt(2, 0)}\n` });
    expect(section(await show(runsDir), 'Attempts')).toEqual([
      '  silver             attempt 1 of 3  exit 3   2026-12-06 05:06:50Z  logs/silver.log',
      '  silver             attempt 2 of 3  exit 0   2026-12-06 05:06:50Z  logs/silver.attempt-2.log',
      `  ${path.join(dir, 'attempts.ndjson')}: line 2 is not an attempt record; skipped`,
    ]);
  });

  it('names an attempts.ndjson it cannot read, its path escaped and whole (stripped, it would name another folder)', async () => {
    const { runsDir } = runFolder({ retries: 1 }, {}, path.join(tempDir(), 'runs\u001b]0;PWNED\u0007'));
    fs.mkdirSync(path.join(runsDir, RUN, 'attempts.ndjson'));
    const text = await show(runsDir);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(section(text, 'Attempts')).toEqual([`  ${path.join(path.dirname(runsDir), 'runs\\x1b]0;PWNED\\x07', RUN, 'attempts.ndjson')} is a folder, not a file backfill writes; move it aside`]);
  });
});
