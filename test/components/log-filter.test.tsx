import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { isSparkChatter, matchSegments, parseLogFilter } from '../../src/text/log-filter.js';
import { output, runStarted, stageStarted } from '../state/run-fixtures.js';
import { KEYS, tick } from './fake-controller.js';
import { renderRun } from './run-screen-harness.js';
import { filterTail } from '../../src/state/log-tail.js';

afterEach(() => cleanup());

const LOG = [
  '24/11/26 10:15:02 INFO SparkContext: Running Spark version 3.5.7',
  '24/11/26 10:15:03 INFO MemoryStore: MemoryStore started with capacity 434.4 MiB',
  '24/11/26 10:15:04 WARN NativeCodeLoader: Unable to load native-hadoop library',
  'BACKFILL_PROGRESS {"done": 1, "total": 4, "unit": "location-months"}',
  '24/11/26 10:15:05 DEBUG BlockManager: Put block broadcast_0',
  '24/11/26 10:15:06 ERROR Executor: Exception in task 0.0 in stage 1.0',
  'Traceback (most recent call last):',
];

async function screenWithLog() {
  const view = await renderRun();
  view.controller.emit(runStarted(), stageStarted('bronze'), output('bronze', LOG));
  await tick();
  return view;
}

describe('finding things in the log', () => {
  it('/ filters the pane to matching lines, says how many of how many, and Esc clears it', async () => {
    const { frame, press } = await screenWithLog();
    await press('/');
    expect(frame()).toContain('Enter: show only matching lines');
    for (const character of 'Store') await press(character);
    await press(KEYS.enter);
    expect(frame()).toContain('filter: Store (1 of 7 lines)');
    expect(frame()).toContain('MemoryStore started');
    expect(frame()).not.toContain('Running Spark version');
    await press(KEYS.escape);
    expect(frame()).toContain('Running Spark version');
    expect(frame()).not.toContain('filter:');
  });

  it('takes /regex/ and refuses a broken one in words', async () => {
    const { frame, press } = await screenWithLog();
    for (const key of ['/', '/', 'W', 'A', 'R', 'N', '|', 'E', 'R', 'R', 'O', 'R', '/', KEYS.enter]) await press(key);
    expect(frame()).toContain('filter: /WARN|ERROR/ (2 of 7 lines)');
    await press('/');
    for (const key of [KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace]) await press(key);
    for (const key of ['/', '(', '/', KEYS.enter]) await press(key);
    expect(frame()).toMatch(/Filter \/\(\/: not a regular expression/);
  });

  it('a catastrophic-backtracking /regex/ filters a long line at once, and Esc still clears it', async () => {
    const view = await renderRun();
    view.controller.emit(runStarted(), stageStarted('bronze'), output('bronze', ['a'.repeat(5_000), 'aaaX']));
    await tick();
    for (const key of ['/', ...'/^(.+)+X$/', KEYS.enter]) await view.press(key);
    expect(view.frame()).toContain('filter: /^(.+)+X$/ (1 of 2 lines)');
    expect(view.frame()).toContain('aaaX');
    await view.press(KEYS.escape);
    expect(view.frame()).not.toContain('filter:');
  });

  it('l hides Spark INFO and DEBUG lines and keeps the rest; l again shows all', async () => {
    const { frame, press } = await screenWithLog();
    await press('l');
    expect(frame()).toContain('Spark INFO hidden (4 of 7 lines)');
    expect(frame()).not.toContain('MemoryStore');
    for (const kept of ['NativeCodeLoader', 'BACKFILL_PROGRESS', 'Exception in task', 'Traceback']) expect(frame()).toContain(kept);
    await press('l');
    expect(frame()).toContain('MemoryStore');
  });

  it('typed text goes to the prompt, not to the commands (a is not abort)', async () => {
    const { frame, press, controller } = await screenWithLog();
    await press('/');
    await press('a');
    expect(frame()).not.toContain('Abort the run?');
    expect(controller.sent).toEqual([]);
  });

  it('takes every printable key as text, the command keys too (q is not quit, ? is not help), typed one by one or at once', async () => {
    const { frame, press, controller, onExit } = await screenWithLog();
    const pattern = 'quads?rjkf cdlnN/x';
    await press('/');
    for (const character of pattern) await press(character);
    await press(' ');
    await press(pattern);
    expect(frame()).toContain(`/${pattern} ${pattern}`);
    for (const question of ['Abort the run?', 'Running: abort the run and quit', 'Stop bronze', 'Show or hide this help.']) expect(frame()).not.toContain(question);
    expect(controller.sent).toEqual([]);
    expect(onExit).not.toHaveBeenCalled();
    // Ctrl+C alone keeps its meaning.
    await press(KEYS.ctrlC);
    expect(frame()).toContain('Running: abort the run and quit');
  });
});

describe('log filter rules', () => {
  it('parses text as a plain substring and /x/i as a regex', () => {
    const plain = parseLogFilter('a.b');
    expect('error' in plain).toBe(false);
    expect(filterTail({ lines: ['a.b', 'axb'], total: 2 }, 'error' in plain ? null : plain, false).tail.lines).toEqual(['a.b']);
    const regex = parseLogFilter('/warn/i');
    expect(filterTail({ lines: ['WARN x', 'info'], total: 2 }, 'error' in regex ? null : regex, false).tail.lines).toEqual(['WARN x']);
  });

  it('knows Spark chatter', () => {
    expect(isSparkChatter('24/11/26 10:15:02 INFO SparkContext: x')).toBe(true);
    expect(isSparkChatter('2024-11-26 10:15:02,123 DEBUG x')).toBe(true);
    expect(isSparkChatter('24/11/26 10:15:02 WARN x')).toBe(false);
    expect(isSparkChatter('INFO something a job printed')).toBe(false);
  });

  it('cuts a line into matches for highlighting', () => {
    const filter = parseLogFilter('ab');
    expect(matchSegments('xabyab', 'error' in filter ? null : filter)).toEqual([
      { text: 'x', match: false },
      { text: 'ab', match: true },
      { text: 'y', match: false },
      { text: 'ab', match: true },
    ]);
  });
});
