import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { isSubcommand, runSubcommand } from '../../src/cli/commands/index.js';
import { useTempDirs } from '../fixtures/temp-dir.js';

const tempDir = useTempDirs();
let stdout: string;
let stderr: string;

beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
});
afterEach(() => vi.restoreAllMocks());

describe('subcommands', () => {
  it('are attach, resume, history and logs; anything else is left to the run flags', () => {
    expect(['attach', 'resume', 'history', 'logs'].every(isSubcommand)).toBe(true);
    expect(isSubcommand('--start-date')).toBe(false);
    expect(isSubcommand('toString')).toBe(false);
  });

  it('print their usage on --help, and exit 2 naming an unknown flag', async () => {
    expect(await runSubcommand('logs', ['--help'])).toBe(0);
    expect(stdout).toContain('Usage: backfill logs <run-id> [--stage S] [--follow]');
    expect(await runSubcommand('history', ['--jsn'])).toBe(2);
    expect(stderr).toMatch(/backfill history: --jsn is not an option of backfill history \(did you mean --json\?\)[\s\S]*Usage: backfill history/);
    // A backfill flag given to a subcommand is not the subcommand's: said as such, not as "not a backfill option".
    expect(await runSubcommand('show', ['some-run', '--start-date', '2024-01-01'])).toBe(2);
    expect(stderr).toMatch(/backfill show: --start-date is not an option of backfill show\. Usage: backfill show/);
  });

  it('attach with no live run says so, exit 2; history of an empty runs dir says so', async () => {
    const runsDir = tempDir();
    expect(await runSubcommand('attach', ['--runs-dir', runsDir])).toBe(2);
    expect(stderr).toContain(`no live run in ${runsDir}`);
    expect(await runSubcommand('history', ['--runs-dir', runsDir])).toBe(0);
    expect(stdout).toContain('No runs yet.');
  });
});

describe('subcommand usage errors', () => {
  it('are one line, exit 2, and name a flag given twice', async () => {
    expect(await runSubcommand('logs', ['x', '--stage', 'a', '--stage', 'b'])).toBe(2);
    expect(stderr).toBe('backfill logs: --stage is given twice; give it once. Usage: backfill logs <run-id> [--stage S] [--follow] [--grep PATTERN] [--quiet] [--runs-dir DIR]\n');
  });

  it('name a second run id as the word too many, escaped', async () => {
    for (const command of ['logs', 'resume', 'show']) {
      stderr = '';
      expect(await runSubcommand(command, ['r1', '\u001b[2Jr2'])).toBe(2);
      expect(stderr).toMatch(new RegExp(`^backfill ${command}: one run id only; \\\\x1b\\[2Jr2 is one word too many\\. Usage: backfill ${command} <run-id>`));
    }
  });
});

describe('subcommand flags parseArgs would word on its own', () => {
  it.each([
    ['history', ['--no-json'], '--no-json is not an option of backfill history.'],
    ['history', ['--json=true'], '--json takes no value (got true); write --json alone.'],
    ['resume', ['r1', '--constructor'], '--constructor is not an option of backfill resume.'],
    ['history', ['--to-string=\u001b]0;PWNED\u0007'], '--to-string is not an option of backfill history.'],
    ['logs', ['r1', '--__proto__'], '--__proto__ is not an option of backfill logs.'],
  ])('%s %j is refused in argvProblem\'s one sentence', async (command, args, sentence) => {
    expect(await runSubcommand(command, args)).toBe(2);
    expect(stderr).toBe(`backfill ${command}: ${sentence} Usage: ${/Usage: (.*)\n$/.exec(stderr)?.[1]}\n`);
  });
});

describe('a runs dir that holds escape sequences and bidi controls', () => {
  // OSC 52 (sets the clipboard), a right-to-left override and CSI 2J (clears the screen); no such folder exists.
  const runsDir = '/tmp/x\u001b]52;c;cHduZWQ=\u0007\u202eX\u001b[2J';
  const escaped = '/tmp/x\\x1b]52;c;cHduZWQ=\\x07\\u202eX\\x1b[2J';
  const ACTING = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

  it.each([
    ['attach', 'nosuchrun', `backfill: no run nosuchrun in ${escaped}. See backfill history.\n`],
    ['attach', '', `backfill: no live run in ${escaped}. See backfill history.\n`],
    ['show', 'nosuchrun', `backfill: no run nosuchrun in ${escaped}. See backfill history.\n`],
    ['logs', 'nosuchrun', `backfill: no run nosuchrun in ${escaped}. See backfill history.\n`],
    ['resume', 'nosuchrun', `backfill: no run nosuchrun in ${escaped}. See backfill history.\n`],
    ['history', '', ''],
    ['history', '--json', ''],
  ])('backfill %s %s prints it escaped, nothing a terminal acts on', async (command, word, said) => {
    await runSubcommand(command, [...(word ? [word] : []), '--runs-dir', runsDir]);
    expect(stderr).toBe(said);
    expect(stdout + stderr).not.toMatch(ACTING);
  });
});

describe('a run of a runs dir with escape sequences in its path whose run.json cannot be read', () => {
  it.each([
    ['a folder', (file: string) => fs.mkdirSync(file), 'run.json is a folder'],
    ['not JSON', (file: string) => fs.writeFileSync(file, '{'), 'run.json is not JSON'],
  ])('run.json %s: history and show name the path escaped once, whole', async (_kind, plant, said) => {
    const runsDir = path.join(tempDir(), 'runs\u001b]0;PWN\u0007');
    const escaped = runsDir.replace('\u001b', '\\x1b').replace('\u0007', '\\x07');
    fs.mkdirSync(path.join(runsDir, '20261120-010000-aaaa'), { recursive: true });
    plant(path.join(runsDir, '20261120-010000-aaaa', 'run.json'));
    await runSubcommand('history', ['--runs-dir', runsDir]);
    expect(stderr).toContain(`backfill: skipped run 20261120-010000-aaaa: ${escaped}/20261120-010000-aaaa/${said}`);
    stderr = '';
    await runSubcommand('show', ['20261120-010000-aaaa', '--runs-dir', runsDir]);
    expect(stderr).toContain(`${escaped}/20261120-010000-aaaa/${said}`);
    expect(stderr).not.toMatch(/[\u001b\u0007]/);
  });
});
