import { Text } from 'ink';
import { useEffect, useState } from 'react';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { useNow } from '../../src/hooks/use-now.js';
import { useRunEvents } from '../../src/hooks/use-run-events.js';
import { useTerminalSize } from '../../src/hooks/use-terminal-size.js';
import { createAppStore, type AppStore } from '../../src/state/store.js';
import { FakeController, tick } from '../components/fake-controller.js';
import { at, output, planFor, stageStarted, validOptions } from '../state/run-fixtures.js';
import type { RunController } from '../../src/runner/run/events.js';

afterEach(() => cleanup());

function EventsProbe({ controller, store }: { controller: RunController; store: AppStore }) {
  const connect = useRunEvents(store, 0);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    connect(controller);
    setConnected(true);
  }, [connect, controller]);
  return <Text>{connected ? 'connected' : 'waiting'}</Text>;
}

function SizeProbe() {
  const { rows, columns } = useTerminalSize();
  return <Text>{`${columns}x${rows}`}</Text>;
}

function NowProbe({ active }: { active: boolean }) {
  const now = useNow(active, 10);
  return <Text>{String(now)}</Text>;
}

describe('hooks', () => {
  it('useRunEvents feeds controller events into the store and unsubscribes on unmount', async () => {
    const store = createAppStore({ initialOptions: validOptions() });
    store.getState().dispatch({ type: 'run/planned', plan: planFor(), at: at(0) });
    const controller = new FakeController();
    const view = render(<EventsProbe controller={controller} store={store} />);
    await tick();
    controller.emit(stageStarted('bronze'), output('bronze', ['hello']));
    await tick();
    expect(store.getState().run?.logs.bronze?.lines).toEqual(['hello']);
    view.unmount();
    expect(controller.subscriberCount).toBe(0);
  });

  it('useRunEvents turns a flood of single-line events into a bounded number of store updates', async () => {
    const store = createAppStore({ initialOptions: validOptions(), logCapacity: 1000 });
    store.getState().dispatch({ type: 'run/planned', plan: planFor(), at: at(0) });
    const controller = new FakeController();
    render(<EventsProbe controller={controller} store={store} />);
    await tick();
    let updates = 0;
    store.subscribe(() => (updates += 1));
    for (let index = 0; index < 20_000; index += 1) controller.emit(output('bronze', [`line ${index}`]));
    await tick();
    expect(updates).toBeLessThanOrEqual(21);
    expect(store.getState().run?.logs.bronze).toMatchObject({ total: 20_000 });
    expect(store.getState().run?.logs.bronze?.lines).toHaveLength(1000);
  });

  it('useTerminalSize reads the stream and follows resizes', async () => {
    const view = render(<SizeProbe />);
    expect(view.lastFrame()).toBe('100x24');
    Object.defineProperty(view.stdout, 'rows', { value: 40, configurable: true });
    view.stdout.emit('resize');
    await tick();
    expect(view.lastFrame()).toBe('100x40');
  });

  it('useNow ticks while active and stands still when not', async () => {
    const active = render(<NowProbe active />);
    const first = active.lastFrame();
    await tick(50);
    expect(active.lastFrame()).not.toBe(first);
    const idle = render(<NowProbe active={false} />);
    const still = idle.lastFrame();
    await tick(50);
    expect(idle.lastFrame()).toBe(still);
  });
});
