import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliArgv, PROJECT_ROOT } from '../fixtures/cli-process.js';
import { FAKE_SPARK_SUBMIT } from '../fixtures/params.js';
import { useTempDirs } from '../fixtures/temp-dir.js';

const tempDir = useTempDirs();

function runArgs(runsDir: string): string[] {
  return ['--start-date', '2024-01-01', '--end-date', '2024-01-02', '--spark-submit', FAKE_SPARK_SUBMIT, '--runs-dir', runsDir, '--grace', '1'];
}

function onlyRunRecord(runsDir: string): { status: string } {
  const runs = readdirSync(runsDir, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  expect(runs).toHaveLength(1);
  return JSON.parse(readFileSync(path.join(runsDir, runs[0]!.name, 'run.json'), 'utf8')) as { status: string };
}

describe('a console whose terminal is half there', () => {
  it('headless output to a reader that goes away: the run goes on and the exit code is the run\'s', async () => {
    const runsDir = path.join(tempDir(), 'runs');
    const [node, ...args] = cliArgv([...runArgs(runsDir), '--headless']);
    const child = spawn(node!, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FAKE_SPARK_BEHAVIOUR: 'bronze=slow:1500' } });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    // Like `| head -1`: read the first line, then close the pipe's reading end.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    // ps names the run: `backfill <run-id>`.
    expect(readFileSync(`/proc/${child.pid}/cmdline`, 'utf8')).toMatch(/^backfill \d{8}-\d{6}-[a-z0-9]+/);
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
    expect(onlyRunRecord(runsDir).status).toBe('succeeded');
  });

  it('stdout a terminal, stdin not: runs headless with a one-line note instead of hanging', () => {
    const runsDir = path.join(tempDir(), 'runs');
    const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
    const command = `${cliArgv([...runArgs(runsDir), '--yes']).map(quote).join(' ')} </dev/null; echo "exit=$?"`;
    // `script` gives the command a pseudo-terminal for stdout; its stdin is then /dev/null.
    const result = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, CI: 'false' } });
    expect(result.stdout).toContain('standard input is not a terminal');
    expect(result.stdout).toMatch(/run succeeded/);
    expect(result.stdout).toMatch(/exit=0/);
    expect(onlyRunRecord(runsDir).status).toBe('succeeded');
  });
});
