// What a key command on the run screen does, as data: store actions, runner commands, an exit.
// Kept free of React so every rule (what asks first, what is refused) is tested directly.
import type { StoreAction } from '../state/actions.js';
import { maxScrollBack } from '../state/log-tail.js';
import { stepChunk } from '../state/chunk-selection.js';
import { EXIT_CODES, exitCodeFor } from '../runner/run/exit-code.js';
import { parseLogFilter } from '../text/log-filter.js';
import { shownLogTail } from '../state/selected-log.js';
import type { ConfirmationKind, RunView, UiState } from '../state/app-state.js';
import { CONFIRM_KEY_BINDINGS, QUIT_CONFIRM_KEY_BINDINGS, type CommandBinding, type ConfirmCommand, type FilterCommand, type RunCommand } from './key-bindings.js';
import type { RunnerCommand } from '../runner/run/events.js';

export type Effect =
  | { kind: 'dispatch'; action: StoreAction }
  | { kind: 'send'; command: RunnerCommand }
  | { kind: 'exit'; code: number }
  /** Quit and leave the run going in its runner host. */
  | { kind: 'detach' };

export interface RunCommandContext {
  run: RunView;
  ui: UiState;
  logPaneHeight: number;
}


const dispatch = (action: StoreAction): Effect => ({ kind: 'dispatch', action });
const notice = (text: string | null): Effect => dispatch({ type: 'ui/notice', text });
const confirm = (kind: ConfirmationKind, stage?: string): Effect =>
  dispatch({ type: 'ui/overlay', overlay: stage === undefined ? { kind: 'confirm', confirm: kind } : { kind: 'confirm', confirm: kind, stage } });

function commandEffects(command: RunCommand, { run, ui, logPaneHeight }: RunCommandContext): Effect[] {
  const stage = run.stages[ui.selectedStage];
  const running = run.status === 'running';
  const scroll = (delta: number): Effect[] => {
    const { tail } = shownLogTail(run, ui);
    return [dispatch({ type: 'ui/scroll', delta, maxScrollBack: maxScrollBack(tail, logPaneHeight) })];
  };
  switch (command) {
    case 'abort':
      return running ? [confirm('abort')] : [notice('The run has finished; there is nothing to abort.')];
    case 'skip':
      if (!stage) return [];
      if (stage.status === 'pending') return [{ kind: 'send', command: { type: 'skip', stage: stage.name } }];
      if (stage.status === 'running') return [confirm('stop-stage', stage.name)];
      return [notice(`${stage.name} is ${stage.status}; only a pending or running stage can be skipped.`)];
    case 'retry':
      if (!stage) return [];
      if (stage.status === 'failed' || stage.status === 'aborted') return [{ kind: 'send', command: { type: 'retry', stage: stage.name } }];
      return [notice(`${stage.name} is ${stage.status}; only a failed or aborted stage can be retried.`)];
    case 'quit':
      if (ui.quitAfterRun) return [{ kind: 'exit', code: EXIT_CODES.aborted }];
      return running ? [confirm('quit')] : [{ kind: 'exit', code: exitCodeFor(run.status) }];
    case 'detach':
      return [{ kind: 'detach' }];
    case 'selectPrevious':
      return [dispatch({ type: 'ui/select', delta: -1, stageCount: run.stages.length })];
    case 'selectNext':
      return [dispatch({ type: 'ui/select', delta: 1, stageCount: run.stages.length })];
    case 'scrollUp':
      return scroll(-1);
    case 'scrollDown':
      return scroll(1);
    case 'pageUp':
      return scroll(-Math.max(1, logPaneHeight - 1));
    case 'pageDown':
      return scroll(Math.max(1, logPaneHeight - 1));
    case 'follow':
      return [dispatch({ type: 'ui/follow' })];
    case 'nextChunk':
      if (!stage) return [];
      if (!stage.chunks?.length) return [notice(`${stage.name} does not run in chunks; c shows the chunk logs of a chunked stage.`)];
      return [dispatch({ type: 'ui/select-chunk', chunk: stepChunk(stage, ui.selectedChunk) })];
    case 'filter':
      return [dispatch({ type: 'ui/overlay', overlay: { kind: 'filter', draft: ui.logFilter ?? '' } })];
    case 'toggleChatter':
      return [dispatch({ type: 'ui/toggle-chatter' })];
    case 'help':
      return [dispatch({ type: 'ui/toggle-help' })];
  }
}

/** n, N and Esc with a filter applied: every line shown matches, so a step is one match. */
export function effectsOfFilterCommand(command: FilterCommand, context: RunCommandContext): Effect[] {
  const { run, ui, logPaneHeight } = context;
  if (!ui.logFilter) return command === 'clearFilter' ? [] : [notice('No filter: / starts one, then n and N step through its matches.')];
  if (command === 'clearFilter') return [dispatch({ type: 'ui/log-filter', filter: null })];
  const { tail } = shownLogTail(run, ui);
  return [dispatch({ type: 'ui/scroll', delta: command === 'nextMatch' ? 1 : -1, maxScrollBack: maxScrollBack(tail, logPaneHeight) })];
}

/** A key typed while the `/` prompt is open: text edits the draft, Enter applies it, Esc clears the filter. */
export function effectsOfFilterKey(input: string, key: { return: boolean; escape: boolean; backspace: boolean; delete: boolean; ctrl: boolean }, ui: UiState): Effect[] {
  if (ui.overlay.kind !== 'filter') return [];
  const draft = ui.overlay.draft;
  if (key.escape) return [dispatch({ type: 'ui/log-filter', filter: null })];
  if (key.return) {
    if (draft === '') return [dispatch({ type: 'ui/log-filter', filter: null })];
    const parsed = parseLogFilter(draft);
    if ('error' in parsed) return [notice(`Filter ${draft}: ${parsed.error}`)];
    return [dispatch({ type: 'ui/log-filter', filter: draft })];
  }
  const clear: Effect[] = ui.notice === null ? [] : [notice(null)];
  if (key.backspace || key.delete) return [...clear, dispatch({ type: 'ui/overlay', overlay: { kind: 'filter', draft: draft.slice(0, -1) } })];
  // Every printable key is text; control characters (C0, DEL, C1) are not.
  if (key.ctrl || input === '' || /[\u0000-\u001f\u007f-\u009f]/.test(input)) return [];
  return [...clear, dispatch({ type: 'ui/overlay', overlay: { kind: 'filter', draft: `${draft}${input}`.slice(0, 200) } })];
}

/** Effects of a run-screen command; any notice from the previous command is cleared first. */
export function effectsOfRunCommand(command: RunCommand, context: RunCommandContext): Effect[] {
  const clear: Effect[] = context.ui.notice === null ? [] : [dispatch({ type: 'ui/notice', text: null })];
  return [...clear, ...commandEffects(command, context)];
}

/** Effects of answering the open confirmation. */
export function effectsOfAnswer(answer: ConfirmCommand, { run, ui }: RunCommandContext): Effect[] {
  if (ui.overlay.kind !== 'confirm') return [];
  const close = dispatch({ type: 'ui/overlay', overlay: { kind: 'none' } });
  if (answer === 'cancel') return [close];
  if (answer === 'detach') return ui.overlay.confirm === 'quit' ? [close, { kind: 'detach' }] : [];
  if (answer === 'now') {
    if (ui.overlay.confirm !== 'quit') return [];
    if (run.status !== 'running') return [close, { kind: 'exit', code: exitCodeFor(run.status) }];
    return [close, { kind: 'send', command: { type: 'abort' } }, { kind: 'exit', code: EXIT_CODES.aborted }];
  }
  switch (ui.overlay.confirm) {
    case 'abort':
      return run.status === 'running' ? [close, { kind: 'send', command: { type: 'abort' } }] : [close];
    case 'stop-stage': {
      const stage = ui.overlay.stage;
      return stage === undefined ? [close] : [close, { kind: 'send', command: { type: 'skip', stage } }];
    }
    case 'quit':
      if (run.status !== 'running') return [close, { kind: 'exit', code: exitCodeFor(run.status) }];
      return [close, dispatch({ type: 'ui/quit-after-run' }), { kind: 'send', command: { type: 'abort' } }];
  }
}

/** The answers a confirmation takes: quitting while running can also detach. */
export function answersFor(kind: ConfirmationKind): readonly CommandBinding<ConfirmCommand>[] {
  return kind === 'quit' ? QUIT_CONFIRM_KEY_BINDINGS : CONFIRM_KEY_BINDINGS;
}

/** A short question for the open confirmation. */
export function confirmationQuestion(kind: ConfirmationKind, stage: string | undefined, graceSeconds: number | null): string {
  const grace = graceSeconds === null ? 'after the grace period' : `after ${graceSeconds}s`;
  switch (kind) {
    case 'abort':
      return `Abort the run? The running stage gets SIGTERM, then SIGKILL ${grace}.`;
    case 'stop-stage':
      return `Stop ${stage ?? 'the stage'} and mark it skipped? It gets SIGTERM, then SIGKILL ${grace}.`;
    case 'quit':
      return 'Running: abort the run and quit, or detach (it goes on)?';
  }
}
