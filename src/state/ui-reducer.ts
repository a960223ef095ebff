import type { Overlay, UiState } from './app-state.js';

export type UiAction =
  | { type: 'ui/select'; delta: number; stageCount: number }
  | { type: 'ui/scroll'; delta: number; maxScrollBack: number }
  | { type: 'ui/follow' }
  /** Show one chunk's log of the selected stage; null: the whole stage's. */
  | { type: 'ui/select-chunk'; chunk: string | null }
  | { type: 'ui/toggle-help' }
  | { type: 'ui/overlay'; overlay: Overlay }
  | { type: 'ui/notice'; text: string | null }
  | { type: 'ui/quit-after-run' }
  /** Applies (or with null clears) the log filter; the view goes back to following. */
  | { type: 'ui/log-filter'; filter: string | null }
  | { type: 'ui/toggle-chatter' };

export function uiReducer(ui: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'ui/select': {
      if (action.stageCount === 0) return ui;
      const selectedStage = Math.min(action.stageCount - 1, Math.max(0, ui.selectedStage + action.delta));
      return { ...ui, selectedStage, selectionPinned: true, selectedChunk: null, scrollBack: 0, follow: true };
    }
    case 'ui/select-chunk':
      return { ...ui, selectedChunk: action.chunk, scrollBack: 0, follow: true };
    case 'ui/scroll': {
      const scrollBack = Math.min(action.maxScrollBack, Math.max(0, ui.scrollBack - action.delta));
      return { ...ui, scrollBack, follow: scrollBack === 0 && action.delta > 0 ? true : scrollBack === 0 && ui.follow };
    }
    case 'ui/follow':
      return { ...ui, scrollBack: 0, follow: true };
    case 'ui/toggle-help':
      return { ...ui, overlay: ui.overlay.kind === 'help' ? { kind: 'none' } : { kind: 'help' } };
    case 'ui/overlay':
      return { ...ui, overlay: action.overlay };
    case 'ui/notice':
      return ui.notice === action.text ? ui : { ...ui, notice: action.text };
    case 'ui/quit-after-run':
      return { ...ui, quitAfterRun: true };
    case 'ui/log-filter':
      return { ...ui, logFilter: action.filter, overlay: { kind: 'none' }, scrollBack: 0, follow: true };
    case 'ui/toggle-chatter':
      return { ...ui, hideChatter: !ui.hideChatter, scrollBack: 0, follow: true };
  }
}
