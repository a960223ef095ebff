import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/components/App.js';
import { snapshotEvents, type RunSnapshot } from '../../src/daemon/protocol.js';
import { planFor, records, validOptions } from '../state/run-fixtures.js';
import { FakeController, KEYS, tick } from './fake-controller.js';

afterEach(cleanup);

async function renderWithDetach() {
  const controller = new FakeController();
  const onExit = vi.fn<(code: number) => void>();
  const onDetach = vi.fn<() => void>();
  const view = render(
    <App
      initialOptions={validOptions()}
      skipSetup
      validate={() => ({ ok: true as const, params: planFor().params })}
      preview={(params) => planFor(params)}
      startRun={() => controller}
      onExit={onExit}
      onDetach={onDetach}
      eventFlushMs={0}
    />,
  );
  await tick();
  const press = async (input: string) => {
    view.stdin.write(input);
    await tick();
  };
  return { controller, onExit, onDetach, press, frame: () => view.lastFrame() ?? '' };
}

function runningSnapshot(): RunSnapshot {
  const plan = planFor();
  return {
    record: {
      id: 'r1',
      params: plan.params,
      status: 'running',
      startedAt: '2026-11-24T01:00:00.000Z',
      finishedAt: null,
      stages: records({ bronze: 'succeeded', silver: 'running', gold: 'pending' }),
    },
    runDir: '/runs/r1',
    live: true,
    progress: { silver: { done: 3, total: 4, unit: 'tables' } },
    logTails: { bronze: ['bronze done'], silver: ['silver line 1', 'silver line 2'] },
  };
}

describe('detaching from the run screen', () => {
  it('d detaches at once: nothing is sent to the runner and the console does not exit', async () => {
    const { controller, onExit, onDetach, press } = await renderWithDetach();
    controller.emit(...snapshotEvents(runningSnapshot()));
    await tick();
    await press('d');
    expect(onDetach).toHaveBeenCalledTimes(1);
    expect(controller.sent).toEqual([]);
    expect(onExit).not.toHaveBeenCalled();
  });

  it('Ctrl+C while running asks: abort and quit, or detach; d detaches', async () => {
    const { controller, onExit, onDetach, press, frame } = await renderWithDetach();
    controller.emit(...snapshotEvents(runningSnapshot()));
    await tick();
    await press(KEYS.ctrlC);
    expect(frame()).toContain('Running: abort the run and quit, or detach (it goes on)?');
    expect(frame()).toContain('y abort run · d detach · n/Esc no');
    await press('d');
    expect(onDetach).toHaveBeenCalledTimes(1);
    expect(controller.sent).toEqual([]);
    expect(onExit).not.toHaveBeenCalled();
  });

  it('d is no answer to the abort question', async () => {
    const { controller, onDetach, press, frame } = await renderWithDetach();
    controller.emit(...snapshotEvents(runningSnapshot()));
    await tick();
    await press('a');
    await press('d');
    expect(onDetach).not.toHaveBeenCalled();
    expect(frame()).toContain('Abort the run?');
  });
});

describe('a late subscriber', () => {
  it('sees the run as it stands from the snapshot: stage states, progress and log tail', async () => {
    const { controller, frame } = await renderWithDetach();
    controller.emit(...snapshotEvents(runningSnapshot()));
    await tick();
    // The selection follows the running stage from the snapshot alone: no key needed to see silver's log.
    const screen = frame();
    expect(screen).toMatch(/bronze\s+✔ succeeded/);
    expect(screen).toMatch(/silver\s+▶ running.*3\/4 tables/);
    expect(screen).toContain('silver line 2');
  });
});
