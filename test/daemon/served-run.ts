import path from 'node:path';
import type { ServedRun } from '../../src/daemon/control-server.js';
import { initialRunState, toRunRecord } from '../../src/runner/run/run-state.js';
import { fakeSetup } from '../integration/harness.js';
import type { RunEvent, RunEventListener, RunnerCommand } from '../../src/runner/run/events.js';

/** A run a ControlServer can serve, driven by the test: `emit` tells its events, `onSend` answers commands. */
export function servedRun(runsDir: string, onSend: (command: RunnerCommand) => unknown = () => undefined) {
  const { plan } = fakeSetup(runsDir);
  const state = initialRunState(plan, new Date().toISOString());
  const listeners = new Set<RunEventListener>();
  const run: ServedRun = {
    get record() {
      return toRunRecord(state);
    },
    state,
    runDir: path.join(runsDir, plan.runId),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    // What onSend returns reaches the server as the host's would (a refused retry's rejection).
    send: (command) => onSend(command),
  };
  const emit = (event: RunEvent) => {
    for (const listener of listeners) listener(event);
  };
  return { run, plan, emit };
}
