import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { showCommand } from '../../src/cli/commands/show.js';
import { runHeadless } from '../../src/headless/run-headless.js';
import { useTempDirs } from '../fixtures/temp-dir.js';
import { textCapture, textSink } from '../fixtures/text-sink.js';
import { fakeSetup } from '../integration/harness.js';

const tempDir = useTempDirs();

/** Escape sequences and control characters a terminal acts on (an ESC, BEL, a C1 CSI). */
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

// The fake job's table and location names and its tracking URL hold `'`, a backtick, an OSC that retitles the
// window (PWNED-TITLE) and screen clears (see test/fixtures/fake-spark-submit.mjs, mode `hostile`).
async function hostileRun(json: boolean) {
  const dir = tempDir();
  const behaviour = 'bronze=hostile+yarn:1700000000000_0001,silver=hostile';
  const { plan, env } = fakeSetup(dir, { behaviour, params: { stages: ['bronze', 'silver'] } });
  const capture = textCapture();
  await runHeadless(plan, { json, out: capture.out, signals: new EventEmitter(), runner: { env, sparkUi: false } });
  return { runsDir: plan.params.runsDir, runId: plan.runId, printed: capture.text() };
}

describe('a job\'s strings on the way to a terminal', () => {
  it('the plain headless lines carry the names without their escape sequences', async () => {
    const { printed } = await hostileRun(false);
    expect(printed).toContain("lh.bronze.open_meteo_hourly_it's_`odd`");
    expect(printed).toContain('tracking http://rm.example:8088/proxy/application_1700000000000_0001/');
    expect(printed).not.toContain('PWNED-TITLE');
    expect(printed).not.toMatch(TERMINAL_CONTROL);
  }, 30_000);

  it('the JSON lines escape every control character (the JSON still reads back the same)', async () => {
    const { printed } = await hostileRun(true);
    expect(printed).not.toMatch(TERMINAL_CONTROL);
    const summary = printed.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type: string; rowsWritten?: Record<string, number> }).find((line) => line.type === 'summary');
    expect(Object.keys(summary!.rowsWritten!)).toContain("lh.bronze.open_meteo_hourly_it's_`odd`\u001b]0;PWNED-TITLE\u0007\u009b2J");
  }, 30_000);

  it('show prints the report terminal-safe, with no rollback SQL for a name that is not a table name as Spark writes one (nor in --json)', async () => {
    const { runsDir, runId } = await hostileRun(false);
    const out = textSink();
    expect(await showCommand([runId, '--runs-dir', runsDir], { out: out.stream, err: textSink().stream })).toBe(0);
    const text = out.text();
    expect(text).not.toMatch(TERMINAL_CONTROL);
    // A bare part holding quotes, backticks and escapes is no Spark table name: no SQL, the name shown escaped.
    expect(text).not.toContain('rollback_to_snapshot');
    expect(text).toContain("  -- lh.bronze.open_meteo_hourly_it's_`odd`\\x1b]0;PWNED-TITLE\\x07\\x9b2J: no SQL printed: its name does not read as one Spark SQL table name");
    expect(text).toMatch(/^ {2}hue\s+[█▓▒░·]+$/m);

    const json = textSink();
    await showCommand([runId, '--runs-dir', runsDir, '--json'], { out: json.stream, err: textSink().stream });
    expect(json.text()).not.toMatch(TERMINAL_CONTROL);
    const [rollback] = JSON.parse(json.text()).rollback;
    expect(rollback.table).toBe(`lh.bronze.open_meteo_hourly_it's_\`odd\`\u001b]0;PWNED-TITLE\u0007\u009b2J`);
    expect(rollback).toMatchObject({ sql: null, toSnapshot: '9007199254740993001', problem: expect.stringContaining('does not read as one Spark SQL table name') });
  }, 30_000);
});
