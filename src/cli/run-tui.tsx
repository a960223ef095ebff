import { render } from 'ink';
import type { ReactNode } from 'react';
import { App } from '../components/App.js';
import { LineDiffStdout } from './line-diff-stdout.js';
import { nameProcessAfterRun } from '../lifecycle/process-title.js';
import { defaultOptions } from '../config/defaults.js';
import type { BackfillOptions } from '../config/options.js';
import { validateOptions, type ValidationEnvironment } from '../config/validate.js';
import { DeferredController } from '../daemon/deferred-controller.js';
import { historyForEta } from './history-eta-tracker.js';
import { showHostNotices } from './host-notices.js';
import type { SocketRunController } from '../daemon/socket-controller.js';
import { DetachedRunError, startDetachedRun } from '../daemon/start-detached-run.js';
import { EXIT_CODES } from '../runner/run/exit-code.js';
import { buildPlan } from '../runner/plan/plan.js';
import { redactPlan } from '../runner/plan/redaction.js';
import type { RunRecord } from '../runner/run/run-types.js';
import { createAppStore, type AppStore } from '../state/store.js';
import type { RunController } from '../runner/run/events.js';
import type { Plan, RunParams } from '../runner/plan/plan-types.js';

export interface TuiInvocation {
  initialOptions: BackfillOptions;
  skipSetup: boolean;
  environment: () => ValidationEnvironment;
  forceUnlock?: boolean;
}

export interface AttachInvocation {
  record: RunRecord;
  /** A live run's socket client, or a controller over a finished run's folder. */
  controller: RunController;
  live?: SocketRunController;
  /** Shown under the run, e.g. that its runner died. */
  notice?: string;
}


export function detachedMessage(runId: string): string {
  return `Detached. Run ${runId} goes on. Reopen it: backfill attach ${runId}\n`;
}

/** Renders the TUI; the run it starts lives in a runner host of its own, and the TUI is its client. */
export function runTui({ initialOptions, skipSetup, environment, forceUnlock }: TuiInvocation): Promise<number> {
  const store = createAppStore({ initialOptions });
  let client: SocketRunController | undefined;
  let runId: string | undefined;
  return renderConsole(store, (tui) => {
    const startRun = (params: RunParams) => {
      const plan = buildPlan(params);
      runId = plan.runId;
      nameProcessAfterRun(plan.runId);
      const deferred = new DeferredController();
      startDetachedRun(plan, { onNotice: (text) => tui.notice(text), lock: { forceUnlock: forceUnlock === true } }).then(
        (connected) => {
          client = connected;
          tui.watch(connected);
          deferred.resolve(connected);
        },
        (error: unknown) => {
          const code = error instanceof DetachedRunError ? error.exitCode : EXIT_CODES.failed;
          void tui.finish(code, (error as Error).message);
        },
      );
      return deferred;
    };
    return (
      <App
        initialOptions={initialOptions}
        skipSetup={skipSetup}
        validate={(options) => validateOptions(options, environment())}
        preview={(params) => redactPlan(buildPlan(params))}
        startRun={startRun}
        store={store}
        etaHistory={historyForEta}
        onExit={(code) => void tui.finish(code)}
        onDetach={() => void tui.finish(0, runId ? detachedMessage(runId) : undefined)}
      />
    );
  }, () => client);
}

/** The run screen of a run that is already going (or over): `backfill attach`. */
export function attachTui({ record, controller, live, notice }: AttachInvocation): Promise<number> {
  nameProcessAfterRun(record.id);
  const store = createAppStore({ initialOptions: defaultOptions() });
  store.getState().dispatch({ type: 'run/planned', plan: planOf(record), at: record.startedAt });
  if (notice) store.getState().dispatch({ type: 'ui/notice', text: notice });
  return renderConsole(store, (tui) => {
    if (live) tui.watch(live);
    return (
      <App
        initialOptions={defaultOptions()}
        skipSetup={false}
        validate={() => ({ ok: true, params: record.params })}
        preview={() => planOf(record)}
        startRun={() => controller}
        attachTo={controller}
        store={store}
        etaHistory={historyForEta}
        onExit={(code) => void tui.finish(code)}
        onDetach={live ? () => void tui.finish(0, detachedMessage(record.id)) : undefined}
      />
    );
  }, () => live);
}

function planOf(record: RunRecord): Plan {
  return {
    runId: record.id,
    params: record.params,
    stages: record.stages.map((stage) => ({ name: stage.name, command: stage.command, selected: stage.status !== 'skipped' })),
  };
}

interface ConsoleHandle {
  finish(code: number, message?: string): Promise<void>;
  notice(text: string): void;
  /** Follows the client's connection: a host that goes away mid-run is reported on screen. A client that
   *  connects after the console has ended (it was quit while the host was starting) is closed at once. */
  watch(client: SocketRunController): void;
}

/**
 * Mounts the TUI and resolves with its exit code. Leaving (quit, detach, a closed terminal) only closes the
 * connection: the run goes on in its host. SIGTERM aborts the run first, as `a` would.
 */
function renderConsole(store: AppStore, app: (tui: ConsoleHandle) => ReactNode, client: () => SocketRunController | undefined): Promise<number> {
  return new Promise<number>((resolve) => {
    let finished = false;
    const finish = async (code: number, message?: string) => {
      if (finished) return;
      finished = true;
      process.off('SIGTERM', onTerm);
      process.off('SIGHUP', onHangUp);
      instance.unmount();
      process.stdout.write('\n'); // keep the shell prompt off the footer line
      if (message) process.stderr.write(message);
      client()?.close();
      resolve(code);
    };

    // The terminal is gone: leave the run to its host.
    const onHangUp = () => void finish(0);
    const onTerm = () => {
      const connected = client();
      if (!connected || connected.isClosed || store.getState().run?.status !== 'running') return void finish(EXIT_CODES.aborted);
      connected.subscribe((event) => {
        if (event.type === 'run-finished') void finish(EXIT_CODES.aborted);
      });
      connected.onClose(() => void finish(EXIT_CODES.aborted));
      connected.send({ type: 'abort' });
    };
    process.on('SIGTERM', onTerm);
    process.on('SIGHUP', onHangUp);

    const handle: ConsoleHandle = {
      finish,
      notice: (text) => store.getState().dispatch({ type: 'ui/notice', text: text.trim() }),
      watch: (connected) => {
        if (finished) return connected.close();
        showHostNotices(connected, store, () => finished);
      },
    };
    // On a terminal, redraws go out as the lines that changed (see line-diff-stdout.ts).
    const stdout = process.stdout.isTTY ? (new LineDiffStdout(process.stdout) as unknown as NodeJS.WriteStream) : process.stdout;
    const instance = render(app(handle), { exitOnCtrlC: false, patchConsole: true, maxFps: 15, stdout });
  });
}
