import { render } from 'ink-testing-library';
import { vi } from 'vitest';
import { App } from '../../src/components/App.js';
import { createAppStore } from '../../src/state/store.js';
import { output, planFor, runStarted, stageStarted, validOptions } from '../state/run-fixtures.js';
import { FakeController, tick } from './fake-controller.js';
import type { RunParams } from '../../src/runner/plan/plan-types.js';

/** Renders the App straight onto the run screen (as with --yes) with a fake controller. */
export async function renderRun() {
  const controller = new FakeController();
  const onExit = vi.fn<(code: number) => void>();
  const store = createAppStore({ initialOptions: validOptions(), logCapacity: 1000 });
  const startRun = vi.fn((_params: RunParams) => controller);
  const validate = () => ({ ok: true as const, params: planFor().params });
  const view = render(
    <App
      initialOptions={validOptions()}
      skipSetup
      validate={validate}
      preview={(params) => planFor(params)}
      startRun={startRun}
      onExit={onExit}
      store={store}
      eventFlushMs={0}
    />,
  );
  await tick();
  const frame = () => view.lastFrame() ?? '';
  const press = async (input: string) => {
    view.stdin.write(input);
    await tick();
  };
  return { ...view, controller, onExit, store, startRun, frame, press };
}

/** The run screen with bronze running and one line of its log shown. */
export async function renderRunningRun() {
  const view = await renderRun();
  view.controller.emit(runStarted(), stageStarted('bronze'), output('bronze', ['a line']));
  await tick();
  return view;
}
