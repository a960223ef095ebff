import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/commands/args.js';
import { logsCommand } from '../../src/cli/commands/logs.js';
import { describeHost, writeHostInfo } from '../../src/lifecycle/host-info.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { fakeRun } from '../integration/harness.js';
import { textSink } from '../fixtures/text-sink.js';

const tempDir = useTempDirs();

describe('backfill logs', () => {
  it('prints one stage, or every stage under headers', async () => {
    const runsDir = tempDir();
    const run = fakeRun(runsDir, { params: { startDate: '2024-01-01', endDate: '2024-02-29', chunk: 'month', stageChunks: { silver: 'none', gold: 'none' } } });
    await run.runner.start();

    const silver = textSink();
    expect(await logsCommand([run.plan.runId, '--stage', 'silver', '--runs-dir', runsDir], { out: silver.stream, err: textSink().stream })).toBe(0);
    expect(silver.text()).toContain('"stage": "silver"');
    expect(silver.text()).not.toMatch(/^==> /m);

    const all = textSink();
    await logsCommand([run.plan.runId, '--runs-dir', runsDir], { out: all.stream, err: textSink().stream });
    const headers = [...all.text().matchAll(/==> (.+) <==/g)].map((match) => path.relative(run.runDir, match[1]!));
    expect(headers).toEqual(['logs/bronze/2024-01.log', 'logs/bronze/2024-02.log', 'logs/silver.log', 'logs/gold.log']);
  });

  it('prints no escape sequence or control character a job wrote, in any mode, the damaged-record one too', async () => {
    const runsDir = tempDir();
    const run = fakeRun(runsDir);
    await run.runner.start();
    const silverLog = path.join(run.runDir, 'logs', 'silver.log');
    fs.appendFileSync(silverLog, '\u001b[2J\u001b]0;pwned\u0007evil \u009b31mline\u0008\nprogress 10%\rprogress 100%\n');
    const printed = async (...extra: string[]) => {
      const out = textSink();
      expect(await logsCommand([run.plan.runId, '--runs-dir', runsDir, ...extra], { out: out.stream, err: textSink().stream })).toBe(0);
      return out.text();
    };
    for (const text of [await printed(), await printed('--stage', 'silver'), await printed('--grep', 'evil'), await printed('--quiet'), await printed('--follow')]) {
      expect(text).toContain('evil line\n');
      expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    }
    expect(await printed('--stage', 'silver')).toContain('\nprogress 100%\n');
    const err = textSink();
    expect(await logsCommand([run.plan.runId, '--runs-dir', runsDir, '--stage', '\u001b]0;T\u0007'], { out: textSink().stream, err: err.stream })).toBe(2);
    expect(err.text()).toContain('has no stage "\\x1b]0;T\\x07"');
    fs.writeFileSync(path.join(run.runDir, 'run.json'), '{ damaged');
    expect(await printed('--stage', 'silver')).toMatch(/evil line\n[\s\S]*progress 100%\n$/);
  });

  it('names and skips a log whose file name does not read back (not UTF-8), and prints the others', async () => {
    const runsDir = tempDir();
    const run = fakeRun(runsDir);
    await run.runner.start();
    const logs = path.join(run.runDir, 'logs');
    fs.writeFileSync(Buffer.concat([Buffer.from(`${logs}/ev\u001b]0;T\u0007il`), Buffer.from([0x9b]), Buffer.from('.log')]), 'hidden\n');
    fs.writeFileSync(path.join(run.runDir, 'run.json'), '[1,2');
    for (const extra of [[], ['--grep', 'BACKFILL_RESULT']]) {
      const out = textSink();
      const err = textSink();
      expect(await logsCommand([run.plan.runId, '--runs-dir', runsDir, ...extra], { out: out.stream, err: err.stream })).toBe(0);
      expect(err.text()).toMatch(/cannot be read \(ENOENT\); skipped/);
      expect(err.text()).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      expect(out.text()).toContain('gold.log <==');
    }
  });

  it('names what is wrong: an unknown run or stage (exit 2), a missing run id (usage)', async () => {
    const runsDir = tempDir();
    const run = fakeRun(runsDir);
    await run.runner.start();
    const err = textSink();
    expect(await logsCommand(['20990101-000000-none', '--runs-dir', runsDir], { out: textSink().stream, err: err.stream })).toBe(2);
    expect(err.text()).toContain('no run 20990101-000000-none');
    expect(await logsCommand([run.plan.runId, '--stage', 'platinum', '--runs-dir', runsDir], { out: textSink().stream, err: err.stream })).toBe(2);
    expect(err.text()).toContain('has no stage "platinum"; its stages: bronze, silver, gold');
    await expect(logsCommand(['--runs-dir', runsDir])).rejects.toThrow(UsageError);
  });

  it('--follow prints what is appended until the run is over', async () => {
    const runsDir = tempDir();
    const run = fakeRun(runsDir, { params: { stages: ['bronze'] } });
    await run.runner.start();
    const record = JSON.parse(fs.readFileSync(path.join(run.runDir, 'run.json'), 'utf8'));
    const runJson = path.join(run.runDir, 'run.json');
    fs.writeFileSync(runJson, JSON.stringify({ ...record, status: 'running', finishedAt: null }));
    writeHostInfo(run.runDir, describeHost('foreground')); // this process plays the live runner

    const out = textSink();
    const following = logsCommand([run.plan.runId, '--stage', 'bronze', '--follow', '--runs-dir', runsDir], { out: out.stream, err: textSink().stream, pollMs: 10 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    fs.appendFileSync(path.join(run.runDir, 'logs', 'bronze.log'), 'appended while following\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    fs.writeFileSync(runJson, JSON.stringify(record)); // the run ends
    expect(await following).toBe(0);
    expect(out.text()).toMatch(/BACKFILL_RESULT[\s\S]*appended while following\n$/);
  });
});

describe('backfill logs --grep and --quiet', () => {
  it('prints only matching lines of the logs on disk, each file header only above a match', async () => {
    const runsDir = tempDir();
    const run = fakeRun(runsDir, { behaviour: 'silver=fail:3' });
    await run.runner.start();
    const out = textSink();
    expect(await logsCommand([run.plan.runId, '--runs-dir', runsDir, '--grep', '/failed on purpose|BACKFILL_RESULT/'], { out: out.stream, err: textSink().stream })).toBe(0);
    const lines = out.text().trimEnd().split('\n');
    expect(lines.filter((line) => line.startsWith('==> ')).map((line) => path.basename(line.slice(4, -4)))).toEqual(['bronze.log', 'silver.log']);
    expect(lines.filter((line) => line !== '' && !line.startsWith('==> ')).every((line) => /failed on purpose|BACKFILL_RESULT/.test(line))).toBe(true);
    expect(lines.some((line) => line.includes('silver failed on purpose'))).toBe(true);

    const quiet = textSink();
    await logsCommand([run.plan.runId, '--runs-dir', runsDir, '--stage', 'bronze', '--quiet'], { out: quiet.stream, err: textSink().stream });
    expect(quiet.text()).not.toMatch(/ INFO /);
    expect(quiet.text()).toContain('BACKFILL_PROGRESS');
  });

  it('--grep with a catastrophic-backtracking regex finishes on a long line (linear-time matching)', async () => {
    const runsDir = tempDir();
    const run = fakeRun(runsDir, { params: { stages: ['bronze'] } });
    await run.runner.start();
    fs.appendFileSync(path.join(run.runDir, 'logs', 'bronze.log'), `${'a'.repeat(20_000)}\n${'a'.repeat(50)}X\n`);
    const out = textSink();
    expect(await logsCommand([run.plan.runId, '--runs-dir', runsDir, '--stage', 'bronze', '--grep', '/^(.+)+X$/'], { out: out.stream, err: textSink().stream })).toBe(0);
    expect(out.text()).toBe(`${'a'.repeat(50)}X\n`);
  });

  it('refuses a --grep with syntax RE2 leaves out, naming it and what to use', async () => {
    await expect(logsCommand(['x', '--grep', '/(a)\\1/'])).rejects.toThrow(/--grep \/\(a\)\\\\1\/: backreferences .* not supported \(RE2 syntax\); match the repeated text itself/);
  });

  it('refuses a --grep that is not a regular expression', async () => {
    await expect(logsCommand(['x', '--grep', '/(/'])).rejects.toThrow(/--grep \/\(\/: not a regular expression/);
  });
});
