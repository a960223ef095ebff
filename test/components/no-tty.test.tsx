import { EventEmitter } from 'node:events';
import { render } from 'ink';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../../src/components/App.js';
import { at, finished, planFor, records, runStarted, stageStarted, validOptions } from '../state/run-fixtures.js';
import { FakeController, tick } from './fake-controller.js';

// Streams as when backfill runs with stdin not a terminal (piped, nohup): no raw mode, so no keys.
class PipeStdin extends EventEmitter {
  isTTY = false;
  setEncoding() {}
  setRawMode() {
    throw new Error('raw mode is not supported on a pipe');
  }
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read() {
    return null;
  }
}

class CapturedStdout extends EventEmitter {
  columns = 100;
  last = '';
  write = (frame: string) => {
    this.last = frame;
    return true;
  };
}

describe('without a terminal on stdin', () => {
  it('runs without reading keys and exits on its own with the run exit code', async () => {
    const controller = new FakeController();
    const onExit = vi.fn();
    const stdout = new CapturedStdout();
    const instance = render(
      <App
        initialOptions={validOptions()}
        skipSetup
        validate={() => ({ ok: true, params: planFor().params })}
        preview={(params) => planFor(params)}
        startRun={() => controller}
        onExit={onExit}
        eventFlushMs={0}
      />,
      { stdin: new PipeStdin() as never, stdout: stdout as never, stderr: new CapturedStdout() as never, debug: true, exitOnCtrlC: false, patchConsole: false },
    );
    await tick();
    expect(stdout.last).toContain('keys disabled');
    controller.emit(runStarted(), stageStarted('bronze'), finished('bronze', 'succeeded'), {
      type: 'run-finished', at: at(12), status: 'succeeded', stages: records({ bronze: 'succeeded', silver: 'succeeded', gold: 'succeeded' }),
    });
    await tick();
    expect(onExit).toHaveBeenCalledWith(0);
    instance.unmount();
  });
});
