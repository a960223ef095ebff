import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { screenLayout } from '../../src/components/screen-layout.js';
import { runViewFromPlan } from '../../src/state/app-state.js';
import { at, finished, output, planFor, runStarted, stageStarted } from '../state/run-fixtures.js';
import { tick } from './fake-controller.js';
import { renderRun } from './run-screen-harness.js';

afterEach(() => cleanup());

describe('a short terminal', () => {
  for (const rows of [8, 10, 12]) {
    it(`keeps the header and the running stage on screen at ${rows} rows`, async () => {
      const view = await renderRun();
      const stdout = view.stdout as unknown as { rows: number; emit(event: string): void };
      stdout.rows = rows;
      stdout.emit('resize');
      view.controller.emit(runStarted(), stageStarted('bronze'), finished('bronze', 'succeeded', 3), stageStarted('silver', 4), output('silver', ['a silver line']));
      await tick();
      const lines = view.frame().split('\n');
      expect(lines.length).toBeLessThan(rows);
      expect(lines[0]).toMatch(/^backfill run r1 · running/);
      expect(view.frame()).toMatch(/silver\s+▶ running/);
      expect(view.frame()).toContain('a silver line');
    });
  }
});

describe('a very short terminal', () => {
  for (const rows of [5, 6]) {
    it(`does not say "no output yet" under a title counting lines at ${rows} rows`, async () => {
      const view = await renderRun();
      const stdout = view.stdout as unknown as { rows: number; emit(event: string): void };
      stdout.rows = rows;
      stdout.emit('resize');
      view.controller.emit(runStarted(), stageStarted('bronze'), output('bronze', ['one', 'two']));
      await tick();
      expect(view.frame()).toContain('2 lines');
      expect(view.frame()).not.toContain('no output yet');
    });
  }
});

describe('screenLayout', () => {
  const run = runViewFromPlan(planFor(), at(0));

  it('draws every stage when they fit, with the log taking the rest', () => {
    expect(screenLayout(24, run, 0)).toEqual({ stages: [0, 1, 2], logRows: 24 - 4 - 3 - 1, summary: 'none' });
  });

  it('draws only the selected stage when they do not', () => {
    expect(screenLayout(8, run, 1)).toEqual({ stages: [1], logRows: 2, summary: 'none' });
  });
});
