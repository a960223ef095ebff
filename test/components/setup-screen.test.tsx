import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/components/App.js';
import type { BackfillOptions, OptionIssue, ValidationResult } from '../../src/config/options.js';
import { shellQuote } from '../../src/text/shell-quote.js';
import { commandFor, PARAMS, planFor, validOptions } from '../state/run-fixtures.js';
import { FakeController, KEYS, tick } from './fake-controller.js';
import type { RunParams } from '../../src/runner/plan/plan-types.js';

afterEach(() => cleanup());

// A stand-in for the real validation: dates must be real YYYY-MM-DD days, and some stage must run.
function validate(options: BackfillOptions): ValidationResult {
  const issues: OptionIssue[] = [];
  for (const [flag, value] of [['--start-date', options.startDate], ['--end-date', options.endDate]] as const) {
    const date = new Date(`${value}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
      issues.push({ flag, message: `${flag} ${value || '(empty)'} is not a real date; use YYYY-MM-DD.` });
    }
  }
  const stages = (['bronze', 'silver', 'gold'] as const).filter((name) => !options[`skip${name[0]!.toUpperCase()}${name.slice(1)}` as 'skipBronze']);
  if (stages.length === 0) issues.push({ flag: '--skip-bronze', message: 'All stages are skipped; leave at least one to run.' });
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, params: { ...PARAMS, startDate: options.startDate, endDate: options.endDate, stages, graceSeconds: options.grace } };
}

function renderSetup(initial: Partial<BackfillOptions> = {}) {
  const controller = new FakeController();
  const startRun = vi.fn((_params: RunParams) => controller);
  const onExit = vi.fn<(code: number) => void>();
  const view = render(
    <App
      initialOptions={validOptions(initial)}
      skipSetup={false}
      validate={validate}
      preview={(params) => planFor(params)}
      startRun={startRun}
      onExit={onExit}
      eventFlushMs={0}
    />,
  );
  const frame = () => view.lastFrame() ?? '';
  const press = async (...inputs: string[]) => {
    for (const input of inputs) {
      view.stdin.write(input);
      await tick(10);
    }
  };
  return { ...view, frame, press, startRun, onExit };
}

const lineWith = (frame: string, text: string) => frame.split('\n').find((line) => line.includes(text)) ?? '';

describe('setup screen', () => {
  it('shows the fields prefilled and a preview of the plan with the exact commands and span', async () => {
    const { frame, stdout } = renderSetup();
    Object.defineProperty(stdout, 'rows', { value: 50, configurable: true });
    stdout.emit('resize');
    await tick();
    expect(lineWith(frame(), 'Start date')).toContain('2024-01-01');
    expect(frame()).toContain('(31 days)');
    // The exact command, quoted for a shell, across the wrapped lines.
    const unwrapped = frame().replace(/\n\s+/g, ' ');
    expect(unwrapped).toContain(shellQuote(commandFor('bronze')));
  });

  it('shows prefilled values, and the issues that echo them, through the sanitizer', async () => {
    const { frame } = renderSetup({ startDate: '2024-01-01\u202e\u001b[2J', locations: 'evil\u202e\u001b]0;PWNED\u0007\u001b[2J.jsonl' });
    await tick();
    const screen = frame();
    const text = screen.replace(/\u001b\[[0-9;]*m/g, ''); // without Ink's own colours
    expect(lineWith(text, 'Locations')).toContain('evil.jsonl (holds characters a terminal does not show)');
    expect(lineWith(text, 'Start date')).toContain('2024-01-01');
    expect(text).toContain('--start-date 2024-01-01 is not a real date');
    expect(screen).not.toMatch(/[\u0007\u009b\u202e]|\u001b[\]P^_]|\u001b\[2J/);
  });

  it('shows why a plan cannot be built through the sanitizer', async () => {
    const view = render(
      <App
        initialOptions={validOptions()}
        skipSetup={false}
        validate={validate}
        preview={() => {
          throw new Error('no such file \u2066evil\u2069\u001b[2J');
        }}
        startRun={() => new FakeController()}
        onExit={() => {}}
      />,
    );
    await tick();
    const screen = view.lastFrame() ?? '';
    expect(screen.replace(/\u001b\[[0-9;]*m/g, '')).toContain('Plan: cannot be built: no such file evil');
    expect(screen).not.toMatch(/[\u2066\u2069]|\u001b\[2J/);
  });

  it('on a short terminal shows each command on one line', async () => {
    const { frame } = renderSetup();
    await tick();
    const bronze = lineWith(frame(), '  bronze ');
    expect(bronze).toContain('/opt/spark/bin/spark-submit');
    expect(bronze).toContain('run_bronze_pipeline.py');
    expect(bronze).toContain('…');
  });

  it('validates as you type: a bad date shows the message naming the field under it', async () => {
    const { frame, press } = renderSetup({ startDate: '' });
    await tick();
    await press('2024-02-3', '0');
    const lines = frame().split('\n');
    const fieldIndex = lines.findIndex((line) => line.includes('Start date'));
    expect(lines[fieldIndex]).toContain('2024-02-30');
    expect(lines[fieldIndex + 1]).toContain('--start-date 2024-02-30 is not a real date');
    expect(frame()).toContain('fix the fields marked');
    await press(KEYS.backspace, KEYS.backspace, '15');
    expect(frame()).not.toContain('is not a real date');
    expect(frame()).toContain('2024-02-15 → 2024-01-31');
  });

  it('toggling a stage updates the preview', async () => {
    const { frame, press } = renderSetup();
    await tick();
    expect(lineWith(frame(), 'Plan:')).toContain('stages: bronze, silver, gold');
    await press(KEYS.tab, KEYS.tab, KEYS.tab); // start, end, bronze → silver
    await press(' ');
    expect(lineWith(frame(), 'Silver')).toContain('[ ]');
    expect(lineWith(frame(), 'Plan:')).toContain('stages: bronze, gold');
    expect(lineWith(frame(), '  silver')).toContain('skipped');
    await press(' ');
    expect(lineWith(frame(), 'Plan:')).toContain('stages: bronze, silver, gold');
  });

  it('handles keys that arrive together in one chunk, as over a slow SSH link', async () => {
    const { frame, press } = renderSetup();
    await tick();
    await press('\x7f\x7f15\t\t\t ');
    expect(lineWith(frame(), 'Start date')).toContain('2024-01-15');
    expect(lineWith(frame(), 'Silver')).toContain('[ ]');
  });

  it('moves back with Shift+Tab and the up arrow', async () => {
    const { frame, press } = renderSetup();
    await tick();
    await press(KEYS.down, KEYS.down, KEYS.shiftTab, KEYS.up);
    expect(lineWith(frame(), '❯')).toContain('Start date');
  });

  it('Enter with valid input starts the run with the validated params and shows the run screen', async () => {
    const { frame, press, startRun } = renderSetup();
    await tick();
    await press(KEYS.enter);
    expect(startRun).toHaveBeenCalledTimes(1);
    expect(startRun.mock.calls[0]![0]).toMatchObject({ startDate: '2024-01-01', endDate: '2024-01-31', stages: ['bronze', 'silver', 'gold'] });
    expect(frame()).toContain('backfill run r1');
  });

  it('Enter with invalid input does not start', async () => {
    const { press, startRun } = renderSetup({ endDate: '2024-13-01' });
    await tick();
    await press(KEYS.enter);
    expect(startRun).not.toHaveBeenCalled();
  });

  it('shows issues with no field of their own, and Ctrl+C quits with 130', async () => {
    const { frame, press, onExit } = renderSetup({ skipBronze: true, skipSilver: true, skipGold: true });
    await tick();
    expect(frame()).toContain('All stages are skipped');
    await press(KEYS.ctrlC);
    expect(onExit).toHaveBeenCalledWith(130);
  });

  it('with --yes and invalid options stays on the setup screen showing why', async () => {
    const controller = new FakeController();
    const startRun = vi.fn(() => controller);
    const view = render(
      <App initialOptions={validOptions({ startDate: 'soon' })} skipSetup validate={validate} preview={(params) => planFor(params)} startRun={startRun} onExit={() => {}} />,
    );
    await tick();
    expect(startRun).not.toHaveBeenCalled();
    expect(view.lastFrame()).toContain('--start-date soon is not a real date');
  });
});
