import { cleanup, render } from 'ink-testing-library';
import { App } from '../../src/components/App.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RUN_KEY_BINDINGS } from '../../src/keys/key-bindings.js';
import { at, finished, output, planFor, records, runStarted, stageStarted, validOptions } from '../state/run-fixtures.js';
import { FakeController, KEYS, tick } from './fake-controller.js';
import { renderRun } from './run-screen-harness.js';

afterEach(() => cleanup());

const lineWith = (frame: string, text: string) => frame.split('\n').find((line) => line.includes(text)) ?? '';

describe('run screen', () => {
  it('starts the run at once with --yes and shows a row per stage', async () => {
    const { frame, startRun, controller } = await renderRun();
    expect(startRun).toHaveBeenCalledTimes(1);
    expect(controller.subscriberCount).toBe(1);
    for (const name of ['bronze', 'silver', 'gold']) expect(lineWith(frame(), name)).toContain('pending');
  });

  it('receives events a runner emits as soon as startRun has returned', async () => {
    const controller = new FakeController();
    const startRun = () => {
      // Like a runner started with queueMicrotask: before any React effect could subscribe.
      queueMicrotask(() => controller.emit(runStarted(), stageStarted('bronze')));
      return controller;
    };
    const view = render(
      <App initialOptions={validOptions()} skipSetup validate={() => ({ ok: true, params: planFor().params })} preview={(params) => planFor(params)}
        startRun={startRun} onExit={() => {}} eventFlushMs={0} />,
    );
    await tick();
    expect(lineWith(view.lastFrame() ?? '', 'bronze')).toContain('running');
  });

  it('shows status, job progress, Spark stage, ETA and exit code per stage', async () => {
    const { frame, controller } = await renderRun();
    // The ETA samples progress from the store at each tick: the reports come on two ticks, 10 s apart (the
    // rate's least window), as a screen would see them.
    const clock = vi.spyOn(Date, 'now').mockReturnValue(Date.parse(at(70)));
    controller.emit(
      runStarted(),
      stageStarted('bronze', 0),
      finished('bronze', 'succeeded', 65),
      stageStarted('silver', 66),
      { type: 'stage-progress', at: at(70), stage: 'silver', progress: { done: 1, total: 12, unit: 'location-months' } },
    );
    await tick();
    clock.mockReturnValue(Date.parse(at(80)));
    controller.emit(
      { type: 'stage-progress', at: at(80), stage: 'silver', progress: { done: 3, total: 12, unit: 'location-months' } },
      { type: 'spark-progress', at: at(81), stage: 'silver', sparkStages: [{ stageId: 3, done: 12, running: 4, total: 200 }] },
    );
    await tick();
    clock.mockRestore();
    expect(lineWith(frame(), 'bronze')).toMatch(/succeeded.*1m04s.*exit 0/);
    const silver = lineWith(frame(), 'silver');
    expect(silver).toContain('running');
    expect(silver).toContain('3/12 location-months');
    expect(silver).toContain('Spark stage 3: 12/200');
    expect(silver).toContain('ETA');
    expect(lineWith(frame(), 'gold')).toContain('pending');
  });

  it('shows the tail of the selected stage log sized to the terminal', async () => {
    const { frame, controller } = await renderRun();
    const lines = Array.from({ length: 100 }, (_, index) => `INFO line ${index}`);
    controller.emit(stageStarted('bronze'), output('bronze', [...lines, '24/01/01 WARN MemoryStore: low', '24/01/01 ERROR Executor: boom']));
    await tick();
    const shown = frame();
    expect(shown).toContain('INFO line 99');
    expect(shown).not.toContain('INFO line 0\n');
    expect(shown).toContain('102 lines');
    expect(shown).toContain('ERROR Executor: boom');
    // 24 rows: the frame never outgrows the terminal, however long the log.
    expect(shown.split('\n').length).toBeLessThan(24);
  });

  it('scrolls back with k and PgUp, stays put on new lines, and follows again with f', async () => {
    const { frame, controller, press } = await renderRun();
    controller.emit(stageStarted('bronze'), output('bronze', Array.from({ length: 100 }, (_, index) => `line ${index}`)));
    await tick();
    await press(KEYS.pageUp);
    expect(frame()).toContain('scrolled back');
    expect(frame()).not.toContain('line 99');
    const before = frame().split('\n').filter((line) => line.startsWith('line '));
    controller.emit(output('bronze', ['line 100']));
    await tick();
    expect(frame().split('\n').filter((line) => line.startsWith('line '))).toEqual(before);
    await press('f');
    expect(frame()).toContain('line 100');
    expect(frame()).toContain('following');
  });

  it('selects another stage with the arrows and shows its log', async () => {
    const { frame, controller, press } = await renderRun();
    controller.emit(stageStarted('bronze'), output('bronze', ['bronze says hi']), finished('bronze', 'succeeded'), stageStarted('silver'), output('silver', ['silver says hi']));
    await tick();
    expect(frame()).toContain('silver says hi');
    await press(KEYS.up);
    expect(frame()).toContain('bronze says hi');
    expect(frame()).toContain('log: bronze');
  });

  it('lists every key of the table in the ? overlay but the chunk key of a run without chunks, and closes it with Esc', async () => {
    const { frame, press } = await renderRun();
    await press('?');
    for (const binding of RUN_KEY_BINDINGS.filter((binding) => binding.command !== 'nextChunk')) {
      expect(frame()).toContain(binding.description);
      for (const chord of binding.keys) expect(frame()).toContain(chord.label);
    }
    const chunkKey = RUN_KEY_BINDINGS.find((binding) => binding.command === 'nextChunk')!;
    expect(frame()).not.toContain(chunkKey.description);
    await press(KEYS.escape);
    expect(frame()).not.toContain(RUN_KEY_BINDINGS[0]!.description);
  });

  it('shows the footer keys from the table', async () => {
    const { frame } = await renderRun();
    const footer = frame().split('\n').at(-1)!;
    for (const word of ['abort', 'skip', 'retry', 'quit', 'help', 'follow']) expect(footer).toContain(word);
  });

  it('asks before aborting, sends abort on y, nothing on n', async () => {
    const { frame, controller, press } = await renderRun();
    controller.emit(runStarted(), stageStarted('bronze'));
    await tick();
    await press('a');
    expect(frame()).toContain('Abort the run?');
    expect(frame()).toContain('SIGKILL after 30s');
    expect(controller.sent).toEqual([]);
    await press('n');
    expect(frame()).not.toContain('Abort the run?');
    expect(controller.sent).toEqual([]);
    await press('a');
    await press('y');
    expect(controller.sent).toEqual([{ type: 'abort' }]);
  });

  it('skips a pending stage at once, and asks before stopping a running one', async () => {
    const { frame, controller, press } = await renderRun();
    controller.emit(runStarted(), stageStarted('bronze'));
    await tick();
    await press(KEYS.down);
    await press('s');
    expect(controller.sent).toEqual([{ type: 'skip', stage: 'silver' }]);
    await press(KEYS.up);
    await press('s');
    expect(frame()).toContain('Stop bronze and mark it skipped?');
    expect(controller.sent).toHaveLength(1);
    await press('y');
    expect(controller.sent).toEqual([{ type: 'skip', stage: 'silver' }, { type: 'skip', stage: 'bronze' }]);
  });

  it('retries the selected failed stage, and explains when a stage cannot be retried', async () => {
    const { frame, controller, press } = await renderRun();
    controller.emit(runStarted(), stageStarted('bronze'), finished('bronze', 'failed', 10, 1));
    await tick();
    await press('r');
    expect(controller.sent).toEqual([{ type: 'retry', stage: 'bronze' }]);
    await press(KEYS.down);
    await press('r');
    expect(controller.sent).toHaveLength(1);
    expect(frame()).toContain('silver is pending; only a failed or aborted stage can be retried.');
  });

  it('asks before quitting while running; quitting aborts, then exits 130 when the run has stopped', async () => {
    const { frame, controller, press, onExit } = await renderRun();
    controller.emit(runStarted(), stageStarted('bronze'));
    await tick();
    await press(KEYS.ctrlC);
    expect(frame()).toContain('Running: abort the run and quit, or detach');
    await press('y');
    expect(controller.sent).toEqual([{ type: 'abort' }]);
    expect(onExit).not.toHaveBeenCalled();
    controller.emit(
      { type: 'stage-finished', at: at(5), stage: 'bronze', status: 'aborted', exitCode: null, signal: 'SIGTERM', durationMs: 4000 },
      { type: 'run-finished', at: at(6), status: 'aborted', stages: records({ bronze: 'aborted', silver: 'skipped', gold: 'skipped' }) },
    );
    await tick();
    expect(onExit).toHaveBeenCalledWith(130);
  });

  it('a second Ctrl+C aborts the run and quits at once with 130; a second q keeps asking', async () => {
    const { frame, controller, press, onExit } = await renderRun();
    controller.emit(runStarted(), stageStarted('bronze'));
    await tick();
    await press('q');
    await press('q');
    expect(frame()).toContain('Running: abort the run and quit, or detach');
    expect(onExit).not.toHaveBeenCalled();
    await press(KEYS.escape);
    await press(KEYS.ctrlC);
    expect(frame()).toContain('Running: abort the run and quit, or detach');
    expect(onExit).not.toHaveBeenCalled();
    await press(KEYS.ctrlC);
    expect(controller.sent).toEqual([{ type: 'abort' }]);
    expect(onExit).toHaveBeenCalledWith(130);
  });

  it('keeps a summary on screen after the run and quits with the run exit code', async () => {
    const { frame, controller, press, onExit } = await renderRun();
    controller.emit(
      runStarted(),
      stageStarted('bronze'),
      finished('bronze', 'failed', 10, 2),
      { type: 'run-finished', at: at(11), status: 'failed', stages: records({ bronze: 'failed', silver: 'skipped', gold: 'skipped' }) },
    );
    await tick();
    expect(frame()).toContain('Run failed in 11s');
    expect(frame()).not.toContain('a abort');
    expect(frame()).toContain('r retry');
    expect(frame()).toContain('exit code 1');
    expect(onExit).not.toHaveBeenCalled();
    await press('q');
    expect(onExit).toHaveBeenCalledWith(1);
  });
});
