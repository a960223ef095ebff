import type { SocketRunController } from '../daemon/socket-controller.js';
import type { AppStore } from '../state/store.js';

/** What the screen says while the runner host does not answer (SIGSTOP, a swapped-out machine). */
export function hostStalledNotice(silentMs: number): string {
  return `The runner host has not answered for ${Math.round(silentMs / 1000)}s (stopped or overloaded?); the screen may be stale. Waiting for it…`;
}

/** What the screen says when the host refused a command (a retry while another run holds the warehouse). */
export function hostErrorNotice(message: string): string {
  return `The runner host: ${message}`;
}

/** What the screen says when the connection to the host closes: a run it left running was interrupted. */
export function hostGoneNotice(run: { runId: string; status: string } | null | undefined): string {
  return run?.status === 'running' ? `The runner host is gone; the run was interrupted. Resume it: backfill resume ${run.runId}` : 'The runner host has ended.';
}

type WatchedHost = Pick<SocketRunController, 'onStall' | 'onClose' | 'onHostError'>;

/** Follows the client's connection on the run screen's notice line: a host that stops answering, refuses a
 *  command, or goes away mid-run. Nothing is shown once the console has ended (`ended`). */
export function showHostNotices(connected: WatchedHost, store: AppStore, ended: () => boolean): void {
  const notice = (text: string | null) => {
    if (!ended()) store.getState().dispatch({ type: 'ui/notice', text });
  };
  connected.onStall((stalled, silentMs) => notice(stalled ? hostStalledNotice(silentMs) : null));
  connected.onHostError((message) => notice(hostErrorNotice(message)));
  connected.onClose(() =>
    notice(hostGoneNotice(store.getState().run)),
  );
}
