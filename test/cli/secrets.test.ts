import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resumeCommand } from '../../src/cli/commands/resume.js';
import { main, type Invocation } from '../../src/cli/main.js';
import { prefillOptions } from '../../src/config/prefill.js';
import { findProjectRoot } from '../../src/config/project-root.js';
import { validateOptions } from '../../src/config/validate.js';
import { readLastRun } from '../../src/runner/folder/run-folder.js';
import { launchHost, LAUNCH_FILE } from '../../src/daemon/launch-host.js';
import { redactArgv, redactionPattern } from '../../src/runner/plan/redaction.js';
import { cleanUpHostsAfterEach, TEST_HOST_ARGV, waitUntil } from '../daemon/host-harness.js';
import { FAKE_SPARK_SUBMIT } from '../fixtures/params.js';
import { isProcessAlive } from '../fixtures/processes.js';
import { textSink } from '../fixtures/text-sink.js';
import { fakeSetup } from '../integration/harness.js';

cleanUpHostsAfterEach();
const SECRET = 'Sup3rS3cret';
const TOKEN = 'tok-777';
const SECRET_CONF = [`spark.hadoop.fs.s3a.secret.key=${SECRET}`, `spark.custom.auth.token=${TOKEN}`, 'spark.executor.memory=2g'];

let dir: string;
let stdout: string;
let stderr: string;

function invocation(modes: Partial<Invocation> = {}): Invocation {
  return {
    options: { startDate: '2024-01-01', endDate: '2024-01-02', sparkSubmit: FAKE_SPARK_SUBMIT, runsDir: path.join(dir, 'runs'), grace: 1, conf: SECRET_CONF },
    headless: true,
    json: false,
    dryRun: false,
    yes: false,
    ...modes,
  };
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'backfill-secrets-'));
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  process.env.FAKE_SPARK_CALLS_FILE = path.join(dir, 'calls.ndjson');
});

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.FAKE_SPARK_CALLS_FILE;
  delete process.env.FAKE_SPARK_BEHAVIOUR;
});

function everythingStored(runsDir: string): string {
  const [runId] = readdirSync(runsDir);
  const runDir = path.join(runsDir, runId!);
  return ['run.json', 'events.ndjson'].map((name) => readFileSync(path.join(runDir, name), 'utf8')).join('\n');
}

describe('secrets in Spark conf', () => {
  it('are redacted in --dry-run', async () => {
    expect(await main(invocation({ dryRun: true }))).toBe(0);
    expect(stdout).toContain('spark.hadoop.fs.s3a.secret.key=*********(redacted)');
    expect(stdout).toContain('spark.executor.memory=2g');
    expect(stdout).not.toContain(SECRET);
    expect(stdout).not.toContain(TOKEN);
  });

  it('reach the child whole, and nothing shown or stored holds them', async () => {
    expect(await main(invocation())).toBe(0);
    const calls = readFileSync(path.join(dir, 'calls.ndjson'), 'utf8');
    expect(calls).toContain(SECRET);
    expect(calls).toContain(TOKEN);
    for (const text of [stdout, stderr, everythingStored(path.join(dir, 'runs'))]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(TOKEN);
    }
    expect(stdout).toContain('*********(redacted)');
  });

  it('a resume asks for a redacted value again instead of replaying the mask', async () => {
    process.env.FAKE_SPARK_BEHAVIOUR = 'silver=fail:1';
    expect(await main(invocation())).toBe(1);
    const [runId] = readdirSync(path.join(dir, 'runs'));
    const err = textSink();
    expect(await resumeCommand([runId!, '--runs-dir', path.join(dir, 'runs'), '--headless'], { out: textSink().stream, err: err.stream })).toBe(2);
    expect(err.text()).toContain('--conf spark.hadoop.fs.s3a.secret.key was recorded redacted');
  });

  it('the detached host\'s launch record, which must hold them, is readable by its owner only', async () => {
    const runsDir = path.join(dir, 'runs');
    const setup = fakeSetup(runsDir, { params: { conf: SECRET_CONF } });
    const host = await launchHost({ plan: setup.plan, env: setup.env, sparkUi: false, lingerMs: 100, hostArgv: TEST_HOST_ARGV });
    expect(statSync(path.join(host.runDir, LAUNCH_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(host.runDir).mode & 0o777).toBe(0o700);
    await waitUntil(() => !isProcessAlive(host.pid), 20_000, 'the host to finish');
    expect(everythingStored(runsDir)).not.toContain(SECRET);
  });
});

describe('redaction', () => {
  it('follows spark.redaction.regex when the run sets one', () => {
    const pattern = redactionPattern(['spark.redaction.regex=(?i)mykey']);
    expect(redactArgv(['--conf', 'a.MYKEY=1', '--conf', 'a.password=2', '--conf=b.mykey=3'], pattern)).toEqual([
      '--conf',
      'a.MYKEY=*********(redacted)',
      '--conf',
      'a.password=2',
      '--conf=b.mykey=*********(redacted)',
    ]);
  });
});

describe('a secret reaches neither a message nor a child by mistake', () => {
  const environment = () => ({ now: new Date(), cwd: dir, env: process.env, projectRoot: findProjectRoot() });

  it('a --conf typo does not echo the secret value in the usage error (by spark.redaction.regex)', async () => {
    const typos = [`spark.hadoop.fs.s3a.secret.key =${SECRET}`, `spark.custom.auth.token ${TOKEN}`, `=k.password=${SECRET}x`];
    expect(await main({ ...invocation(), options: { ...invocation().options, conf: typos } })).toBe(2);
    expect(stderr).toContain('--conf spark.hadoop.fs.s3a.secret.key *********(redacted) is not key=value');
    expect(stderr).toContain('--conf spark.custom.auth.token *********(redacted) is not key=value');
    expect(stderr).not.toContain(SECRET);
    expect(stderr).not.toContain(TOKEN);

    stderr = '';
    const own = ['spark.redaction.regex=(?i)mykey', `a.MYKEY ${SECRET}`];
    expect(await main({ ...invocation(), options: { ...invocation().options, conf: own } })).toBe(2);
    expect(stderr).toContain('a.MYKEY *********(redacted)');
    expect(stderr).not.toContain(SECRET);
  });

  it('the setup screen, prefilled from the last run, will not start with the redacted placeholder as the secret', async () => {
    const runsDir = path.join(dir, 'runs');
    expect(await main(invocation())).toBe(0);
    const prefilled = prefillOptions({ sparkSubmit: FAKE_SPARK_SUBMIT, runsDir }, readLastRun(runsDir)!.params);
    expect(prefilled.conf).toContain('spark.hadoop.fs.s3a.secret.key=*********(redacted)');

    const refused = validateOptions(prefilled, environment());
    expect(refused.ok).toBe(false);
    const messages = refused.ok ? [] : refused.issues.map((issue) => `${issue.flag}: ${issue.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^--conf: --conf spark\.hadoop\.fs\.s3a\.secret\.key holds the redacted placeholder .*type the value again/),
      expect.stringMatching(/^--conf: --conf spark\.custom\.auth\.token holds the redacted placeholder/),
    ]);

    const typed = { ...prefilled, conf: SECRET_CONF };
    const accepted = validateOptions(typed, environment());
    expect(accepted.ok && accepted.params.conf).toEqual(SECRET_CONF);
  });

  it('headless, a --conf holding the placeholder starts nothing', async () => {
    const conf = ['spark.hadoop.fs.s3a.secret.key=*********(redacted)'];
    expect(await main({ ...invocation(), options: { ...invocation().options, conf } })).toBe(2);
    expect(stderr).toMatch(/^backfill: .*--conf spark\.hadoop\.fs\.s3a\.secret\.key holds the redacted placeholder/m);
    expect(existsSync(path.join(dir, 'calls.ndjson'))).toBe(false);
    expect(existsSync(path.join(dir, 'runs'))).toBe(false);
  });
});
