import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { HelpOverlay } from '../../src/components/HelpOverlay.js';
import { runHelpBindings } from '../../src/keys/help-bindings.js';
import { keyLabels, RUN_KEY_BINDINGS } from '../../src/keys/key-bindings.js';
import { runViewFromPlan } from '../../src/state/app-state.js';
import type { ChunkRecord } from '../../src/runner/run/run-types.js';
import { at, planFor } from '../state/run-fixtures.js';

describe('HelpOverlay', () => {
  it.each([30, 12])('lists every key of the table in %i rows', (height) => {
    const { lastFrame } = render(<HelpOverlay bindings={RUN_KEY_BINDINGS} height={height} />);
    const frame = lastFrame() ?? '';
    expect(frame.split('\n').length).toBeLessThanOrEqual(height);
    for (const binding of RUN_KEY_BINDINGS) expect(frame).toContain(keyLabels(binding));
  });
});

describe('the help of a run', () => {
  it('lists the chunk key c only when the run has a stage in chunks', () => {
    const run = runViewFromPlan(planFor(), at(0));
    const chunk: ChunkRecord = { id: '2024-01', startDate: '2024-01-01', endDate: '2024-01-31', status: 'pending', command: ['spark-submit'], startedAt: null, finishedAt: null, durationMs: null, exitCode: null, signal: null };
    const chunked = { ...run, stages: run.stages.map((stage) => (stage.name === 'gold' ? { ...stage, chunks: [chunk] } : stage)) };
    const everyCommand = RUN_KEY_BINDINGS.map((binding) => binding.command);
    expect(runHelpBindings(run).map((binding) => binding.command)).toEqual(everyCommand.filter((command) => command !== 'nextChunk'));
    expect(runHelpBindings(chunked).map((binding) => binding.command)).toEqual(everyCommand);
  });
});

describe('the footer on a narrow terminal', () => {
  it('drops the navigation keys first and always keeps help; find and quiet fit at 110 columns', async () => {
    const { fittingFooterEntries, RUN_KEY_BINDINGS } = await import('../../src/keys/key-bindings.js');
    const width = (entries: Array<{ keys: string; label: string }>) => entries.map((entry) => `${entry.keys} ${entry.label}`).join(' · ').length;
    const at80 = fittingFooterEntries(RUN_KEY_BINDINGS, 80);
    expect(width(at80)).toBeLessThanOrEqual(80);
    expect(at80.map((entry) => entry.label)).toContain('help');
    expect(at80.map((entry) => entry.label)).toContain('abort');
    const at110 = fittingFooterEntries(RUN_KEY_BINDINGS, 110).map((entry) => entry.label);
    expect(at110).toEqual(expect.arrayContaining(['find', 'quiet', 'help', 'follow']));
  });
});
