import { Text } from 'ink';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BackfillOptions, ValidationResult } from '../config/options.js';
import { DEFAULT_EVENT_FLUSH_MS, useRunEvents, type EtaHistoryReader } from '../hooks/use-run-events.js';
import { EXIT_CODES } from '../runner/run/exit-code.js';
import { createAppStore, useAppStore, type AppStore } from '../state/store.js';
import { RunScreen } from './RunScreen.js';
import { SetupScreen } from './SetupScreen.js';
import type { RunController } from '../runner/run/events.js';
import type { Plan, RunParams } from '../runner/plan/plan-types.js';

export interface AppProps {
  initialOptions: BackfillOptions; // prefilled from flags, else from the last run
  skipSetup: boolean; // --yes: go straight to the run screen
  validate: (o: BackfillOptions) => ValidationResult;
  preview: (params: RunParams) => Plan; // for the live plan preview
  startRun: (params: RunParams) => RunController; // the caller creates and starts the runner
  onExit: (code: number) => void; // 0 ok, 1 a stage failed, 130 aborted, also when quitting
  /** Quit and leave the run going in its runner host (the `d` key, or the answer to Ctrl+C). */
  onDetach?: () => void;
  /** Open on the run screen of a run already going (`backfill attach`): the store must hold its plan. */
  attachTo?: RunController;
  /** Optional: a store made by the caller (tests, or to read the final state after exit). */
  store?: AppStore;
  /** Optional: how long runner events are gathered before one store update (default 200 ms, DEFAULT_EVENT_FLUSH_MS). */
  eventFlushMs?: number;
  /** Optional: reads earlier runs' history for the run's ETA; default: none, the ETA comes from the progress rate only. */
  etaHistory?: EtaHistoryReader;
}

// A plan for the run screen even if `preview` throws: the stages named in the params, without commands.
function planFor(preview: (params: RunParams) => Plan, params: RunParams): Plan {
  try {
    return preview(params);
  } catch {
    return { runId: '', params, stages: params.stages.map((name) => ({ name, command: [], selected: true })) };
  }
}

export function App({ initialOptions, skipSetup, validate, preview, startRun, onExit, onDetach, attachTo, store: givenStore, eventFlushMs, etaHistory }: AppProps) {
  const [store] = useState(() => givenStore ?? createAppStore({ initialOptions }));
  const [controller, setController] = useState<RunController | null>(null);
  const screen = useAppStore(store, (state) => state.screen);
  const exited = useRef(false);

  const exitOnce = useCallback(
    (code: number) => {
      if (exited.current) return;
      exited.current = true;
      onExit(code);
    },
    [onExit],
  );

  const connect = useRunEvents(store, eventFlushMs ?? DEFAULT_EVENT_FLUSH_MS, etaHistory);

  const start = useCallback(
    (params: RunParams) => {
      if (store.getState().screen === 'run') return;
      // Seed the screen from the plan first, so the stages show even before the runner's first event.
      store.getState().dispatch({ type: 'run/planned', plan: planFor(preview, params), at: new Date().toISOString() });
      const controller = startRun(params);
      connect(controller);
      setController(controller);
    },
    [store, preview, startRun, connect],
  );

  useEffect(() => {
    if (attachTo) {
      connect(attachTo);
      setController(attachTo);
      return;
    }
    if (!skipSetup) return;
    const result = validate(store.getState().setup.options);
    // With invalid options the setup screen stays, showing what to fix.
    if (result.ok) start(result.params);
    // Only on mount: --yes applies to the options given at start, and an attach happens once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (screen === 'run') {
    return controller ? <RunScreen store={store} controller={controller} onExit={exitOnce} onDetach={onDetach} /> : <Text color="gray">Starting…</Text>;
  }
  return (
    <SetupScreen store={store} validate={validate} preview={preview} onStart={start} onQuit={() => exitOnce(EXIT_CODES.aborted)} />
  );
}
