import { Box, Text, type Key } from 'ink';
import { useCallback } from 'react';
import { RUN_KEY_BINDINGS, type RunCommand } from '../keys/key-bindings.js';
import { answersFor, confirmationQuestion, type Effect } from '../keys/run-command-effects.js';
import { effectsOfRunKey } from '../keys/run-key-routing.js';
import { useNow } from '../hooks/use-now.js';
import { useExitWhenDone } from '../hooks/use-exit-when-done.js';
import { useCanReadKeys, useKeyCommands } from '../hooks/use-key-commands.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { runFooterBindings } from '../keys/footer-bindings.js';
import { runHelpBindings } from '../keys/help-bindings.js';
import { activeLogFilter, selectedLog } from '../state/selected-log.js';
import type { RunView, UiState } from '../state/app-state.js';
import { useAppStore, type AppStore } from '../state/store.js';
import { ConfirmBar } from './ConfirmBar.js';
import { HelpOverlay } from './HelpOverlay.js';
import { KeyFooter } from './KeyFooter.js';
import { LogPane } from './LogPane.js';
import { RunHeader } from './RunHeader.js';
import { RunSummary } from './RunSummary.js';
import { terminalSafe } from '../text/terminal-safe.js';
import { useRunEndAlert } from '../hooks/use-run-end-alert.js';
import { StageTable } from './StageTable.js';
import { MIN_LOG_ROWS, screenLayout } from './screen-layout.js';
import type { RunController } from '../runner/run/events.js';
import { filterTail } from '../state/log-tail.js';

export interface RunScreenProps {
  store: AppStore;
  controller: RunController;
  onExit: (code: number) => void;
  /** Quit and leave the run going; absent when the run lives in this process and cannot be left. */
  onDetach?: () => void;
}

function MessageLine({ run, ui }: { run: RunView; ui: UiState }) {
  if (ui.overlay.kind === 'confirm') {
    return (
      <ConfirmBar question={confirmationQuestion(ui.overlay.confirm, ui.overlay.stage, run.params.graceSeconds)} bindings={answersFor(ui.overlay.confirm)} />
    );
  }
  if (ui.overlay.kind === 'filter') {
    return (
      <Text wrap="truncate">
        <Text color="cyan">{'/'}</Text>
        <Text>{ui.overlay.draft}</Text>
        <Text inverse> </Text>
        {ui.notice ? <Text color="red">{`  ${terminalSafe(ui.notice)}`}</Text> : <Text color="gray">{'  Enter: show only matching lines · /regex/ for a pattern · Esc: clear'}</Text>}
      </Text>
    );
  }
  if (ui.quitAfterRun && run.status === 'running') return <Text color="yellow">Aborting, then quitting… (Ctrl+C again to quit now)</Text>;
  if (run.storageError) {
    return <Text color="red" wrap="truncate">{terminalSafe(`Stopped: ${run.storageError}. Free space, then: backfill resume ${run.runId}`)}</Text>;
  }
  if (ui.notice) return <Text color="yellow" wrap="truncate">{terminalSafe(ui.notice)}</Text>;
  return <Text> </Text>;
}

export function RunScreen({ store, controller, onExit, onDetach }: RunScreenProps) {
  const run = useAppStore(store, (state) => state.run);
  const ui = useAppStore(store, (state) => state.ui);
  const etas = useAppStore(store, (state) => state.eta);
  const { rows, columns } = useTerminalSize();
  const canReadKeys = useCanReadKeys();
  const running = run?.status === 'running';
  // The clock comes with the screen's tick (the ETA and paced progress in the same update); until the first, its own.
  const clockMs = useAppStore(store, (state) => state.clockMs);
  const ownClock = useNow(running && clockMs === undefined);
  const nowMs = running && clockMs !== undefined ? clockMs : ownClock;
  const layout = run ? screenLayout(rows, run, ui.selectedStage) : undefined;
  const logRows = layout?.logRows ?? MIN_LOG_ROWS;

  const apply = useCallback(
    (effects: Effect[]) => {
      for (const effect of effects) {
        if (effect.kind === 'dispatch') store.getState().dispatch(effect.action);
        else if (effect.kind === 'send') controller.send(effect.command);
        else if (effect.kind === 'exit') onExit(effect.code);
        else if (onDetach) onDetach();
        else store.getState().dispatch({ type: 'ui/notice', text: 'This run lives in this console and cannot be detached.' });
      }
    },
    [store, controller, onExit, onDetach],
  );

  // Reads the store at key time rather than from render props, so a key never acts on a stale frame.
  const onKey = useCallback(
    (command: RunCommand | undefined, input: string, key: Key) => {
      const { run: currentRun, ui: currentUi } = store.getState();
      if (currentRun) apply(effectsOfRunKey(command, input, key, { run: currentRun, ui: currentUi, logPaneHeight: logRows }));
    },
    [store, apply, logRows],
  );
  const onOther = useCallback((input: string, key: Key) => onKey(undefined, input, key), [onKey]);

  useKeyCommands(RUN_KEY_BINDINGS, onKey, { onOther });
  useExitWhenDone(run?.status, ui, canReadKeys, onExit);
  useRunEndAlert(run?.runId ?? '', run?.status);

  if (!run) return <Text color="gray">Starting…</Text>;
  const selected = run.stages[ui.selectedStage];
  const log = selectedLog(run, ui);
  const shown = filterTail(log.tail, activeLogFilter(ui), ui.hideChatter === true);

  const footer = canReadKeys ? <KeyFooter bindings={runFooterBindings(selected, running)} /> : <Text color="gray">(no terminal input: keys disabled)</Text>;
  if (ui.overlay.kind === 'help') {
    // The whole screen below the header: every key fits on one line in one column down to ~24 rows.
    return (
      <Box flexDirection="column">
        <RunHeader run={run} nowMs={nowMs} eta={etas?.run} />
        <HelpOverlay bindings={runHelpBindings(run)} height={Math.max(6, rows - 4)} />
        <MessageLine run={run} ui={ui} />
        {footer}
      </Box>
    );
  }

  return (
    <Box flexDirection="column">
      <RunHeader run={run} nowMs={nowMs} eta={etas?.run} />
      {layout && layout.stages.length < run.stages.length ? (
        <StageTable stages={layout.stages.map((index) => run.stages[index]!)} selectedStage={0} nowMs={nowMs} etas={etas} />
      ) : (
        <StageTable stages={run.stages} selectedStage={ui.selectedStage} nowMs={nowMs} etas={etas} />
      )}
      {
        <LogPane
          stageName={log.title}
          tail={shown.tail}
          filter={{ text: ui.logFilter ?? null, hideChatter: ui.hideChatter === true, of: shown.of, matcher: activeLogFilter(ui) }}
          height={logRows}
          scrollBack={ui.scrollBack}
          follow={ui.follow}
          sparkUrl={log.app?.trackingUrl ?? log.app?.uiUrl}
          appId={log.app?.appId}
        />
      }
      {layout?.summary === 'none' || running ? null : <RunSummary run={run} width={columns} short={layout?.summary === 'short'} />}
      <MessageLine run={run} ui={ui} />
      {footer}
    </Box>
  );
}
