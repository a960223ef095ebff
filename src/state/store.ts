import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { BackfillOptions } from '../config/options.js';
import type { StoreAction } from './actions.js';
import { DEFAULT_LOG_CAPACITY } from './log-tail.js';
import { appReducer } from './reducer.js';
import { INITIAL_UI, setupFormFrom, type AppState } from './app-state.js';
import type { RunEvent } from '../runner/run/events.js';

export interface AppStoreState extends AppState {
  /** The only way state changes: an action, or a runner event as it comes. */
  dispatch: (action: StoreAction | RunEvent) => void;
}

export type AppStore = StoreApi<AppStoreState>;

export interface AppStoreOptions {
  initialOptions: BackfillOptions;
  /** Lines kept per stage log. */
  logCapacity?: number;
}

export function createAppStore({ initialOptions, logCapacity = DEFAULT_LOG_CAPACITY }: AppStoreOptions): AppStore {
  return createStore<AppStoreState>()((set, get) => ({
    screen: 'setup',
    setup: setupFormFrom(initialOptions),
    run: null,
    ui: INITIAL_UI,
    logCapacity,
    dispatch: (action) => {
      const before = get();
      const after = appReducer(before, action);
      if (after !== before) set(after, true);
    },
  }));
}

/** Subscribes a component to a slice; it re-renders only when that slice changes (by reference). */
export function useAppStore<T>(store: AppStore, selector: (state: AppStoreState) => T): T {
  return useStore(store, selector);
}
