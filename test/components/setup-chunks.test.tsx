import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/components/App.js';
import type { BackfillOptions, OptionIssue, ValidationResult } from '../../src/config/options.js';
import { parseChunkSpec } from '../../src/runner/plan/chunks.js';
import { buildPlan } from '../../src/runner/plan/plan.js';
import { PARAMS, validOptions } from '../state/run-fixtures.js';
import { FakeController, KEYS, tick } from './fake-controller.js';
import type { RunParams } from '../../src/runner/plan/plan-types.js';

afterEach(() => cleanup());

// The real rules for the chunk fields, with the real messages' shape; the other fields are taken as valid.
function validate(options: BackfillOptions): ValidationResult {
  const issues: OptionIssue[] = [];
  const chunk = parseChunkSpec(options.chunk ?? 'none');
  if (!chunk) issues.push({ flag: '--chunk', message: `--chunk ${options.chunk} is not a chunk size; use none, month, week or a number of days such as 10d.` });
  const parallel = options.parallel ?? 1;
  if (!Number.isInteger(parallel) || parallel < 1) issues.push({ flag: '--parallel', message: `--parallel ${parallel} is not a number of chunks at once.` });
  if (issues.length > 0) return { ok: false, issues };
  const params: RunParams = { ...PARAMS, startDate: '2024-01-01', endDate: '2024-12-31' };
  if (chunk && chunk !== 'none') params.chunk = chunk;
  if (parallel !== 1) params.parallel = parallel;
  if (options.failFast) params.failFast = true;
  return { ok: true, params };
}

function renderSetup(rows = 60) {
  const startRun = vi.fn((_params: RunParams) => new FakeController());
  const view = render(
    <App initialOptions={validOptions()} skipSetup={false} validate={validate} preview={(params) => buildPlan(params, undefined, 'r1')} startRun={startRun} onExit={() => {}} eventFlushMs={0} />,
  );
  Object.defineProperty(view.stdout, 'rows', { value: rows, configurable: true });
  view.stdout.emit('resize');
  const frame = () => view.lastFrame() ?? '';
  const press = async (...inputs: string[]) => {
    for (const input of inputs) {
      view.stdin.write(input);
      await tick(10);
    }
  };
  return { ...view, frame, press, startRun };
}

const erase = (count: number) => Array<string>(count).fill(KEYS.backspace);
const lineWith = (frame: string, text: string) => frame.split('\n').find((line) => line.includes(text)) ?? '';
const focusChunkField = (press: (...inputs: string[]) => Promise<void>) => press(KEYS.tab, KEYS.tab, KEYS.tab, KEYS.tab, KEYS.tab);

describe('setup screen chunk fields', () => {
  it('edits chunk, parallel and fail fast, and the plan lists the chunk commands', async () => {
    const { frame, press, startRun } = renderSetup();
    await tick();
    expect(lineWith(frame(), 'Chunks  ')).toContain('none');
    expect(lineWith(frame(), 'Chunks at once')).toContain('1');
    await focusChunkField(press);
    await press(...erase(4), 'month', KEYS.tab, KEYS.backspace, '4', KEYS.tab, ' ');
    expect(lineWith(frame(), 'Chunks at once')).toContain('4');
    expect(lineWith(frame(), 'Fail fast')).toContain('[x]');
    expect(frame()).toContain('12 chunks (month), up to 4 at once, fail fast, each its own spark-submit:');
    // Full commands wrap over lines; without the white space they read as one.
    const joined = frame().replace(/\s+/g, '');
    for (const month of ['01', '02', '03', '04', '05', '06']) expect(joined).toContain(`backfill-r1-bronze-2024-${month}`);
    expect(joined).toContain('--start-date2024-03-01--end-date2024-03-31');
    expect(joined).not.toContain('backfill-r1-bronze-2024-07');
    expect(frame()).toContain('… 6 more, the same for their dates: 2024-07 to 2024-12');
    await press(KEYS.enter);
    expect(startRun).toHaveBeenCalledWith(expect.objectContaining({ chunk: 'month', parallel: 4, failFast: true }));
  });

  it('shows the validation message under a bad chunk or parallel value, and an emptied field is the default', async () => {
    const { frame, press, startRun } = renderSetup();
    await tick();
    await focusChunkField(press);
    await press(...erase(4), 'fortnight', KEYS.tab, KEYS.backspace, 'x');
    expect(frame()).toContain('--chunk fortnight is not a chunk size');
    expect(frame()).toContain('--parallel NaN is not a number of chunks at once.');
    expect(frame()).toContain('Plan: fix the fields');
    await press(KEYS.enter);
    expect(startRun).not.toHaveBeenCalled();
    await press(KEYS.backspace, KEYS.shiftTab, ...erase(9));
    expect(frame()).not.toContain('is not a');
    expect(lineWith(frame(), 'Chunks at once')).toContain('1 (default)');
  });

  it('keeps a chunked plan to one line per stage on a 24-row terminal, so the screen fits', async () => {
    const { frame, press } = renderSetup(24);
    await tick();
    await focusChunkField(press);
    await press(...erase(4), 'month');
    const bronze = lineWith(frame(), '  bronze ');
    expect(bronze).toContain('12 chunks (month), up to 1 at once');
    expect(bronze).toContain('--end-date 2024-01-31');
    expect(frame().split('\n').length).toBeLessThan(24);
  });
});
