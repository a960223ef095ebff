import { z } from 'zod';
import { planSchema, runRecordSchema } from '../runner/folder/run-record-schema.js';
import type { Runner } from '../runner/schedule/runner.js';
import { createRunner, type CreateRunnerOptions } from '../lifecycle/create-runner.js';
import type { RunRecord } from '../runner/run/run-types.js';
import { describeHost, writeHostInfo } from '../lifecycle/host-info.js';
import { controlSocketFor } from '../lifecycle/socket-location.js';
import { sweepRunProcesses } from '../lifecycle/process-sweep.js';
import { heldLockSchema } from '../lifecycle/warehouse-lock.js';
import { notifyWhenRunEnds } from '../lifecycle/notify.js';
import { RunLock } from './run-lock.js';
import { ControlServer, type ServedRun } from './control-server.js';

/** launch.json: what a runner host is started with. */
export const hostSpecSchema = z.looseObject({
  plan: planSchema,
  /** The run being resumed: its succeeded stages and chunks are kept, not run again. */
  resume: runRecordSchema.optional(),
  /** Extra environment for the stages. */
  env: z.record(z.string(), z.string()).optional(),
  /** The warehouse lock the launcher took for this run; the host holds it while the run runs. */
  lock: heldLockSchema.optional(),
  /** How long the host stays after the run has finished and the last client has left (default 2 s). */
  lingerMs: z.number().nonnegative().optional(),
  /** Poll the drivers' REST API (default true). */
  sparkUi: z.boolean().optional(),
  /** Where to serve the control socket; chosen by the launcher (see src/lifecycle/socket-location.ts). */
  socketPath: z.string().optional(),
});
/** Everything a runner host needs, written by the launcher to `launch.json` in the run folder. */
export type HostSpec = z.infer<typeof hostSpecSchema>;

export const DEFAULT_LINGER_MS = 2000;

/**
 * Runs a plan and serves it on `<run-dir>/control.sock` until the run has finished and no client has been
 * attached for `lingerMs`. After a stage is stopped (abort or skip), and when the run ends, it also stops any
 * process that still carries the run's markers: some escape the stage's process group.
 */
export async function runHost(spec: HostSpec): Promise<RunRecord> {
  const { plan } = spec;
  const options: CreateRunnerOptions = { ...(spec.env ? { env: spec.env } : {}), ...(spec.resume ? { resume: spec.resume } : {}) };
  if (spec.sparkUi === false) options.sparkUi = false;
  const runner = createRunner(plan, options);
  const notifications = notifyWhenRunEnds(runner, plan.params);
  const sweeps: Promise<unknown>[] = [];
  runner.subscribe((event) => {
    // The stage's group has had its grace period already: what is left of it gets SIGKILL now.
    if (event.type === 'stage-finished' && (event.status === 'aborted' || event.status === 'skipped')) {
      sweeps.push(sweepRunProcesses(plan.runId, { stage: event.stage, graceMs: 0 }));
    }
  });

  const log = (text: string) => process.stderr.write(`${new Date().toISOString()} ${text}\n`);
  const runLock = spec.lock ? new RunLock(spec.lock, log) : undefined;
  const stopLeftovers = () => Promise.all([...sweeps, sweepRunProcesses(plan.runId, { graceMs: 0 })]);
  runner.subscribe((event) => {
    if (event.type === 'run-finished') void runLock?.release(stopLeftovers);
  });
  const served: ServedRun = {
    get record() {
      return runner.record;
    },
    get state() {
      return runner.state;
    },
    get runDir() {
      return runner.runDir;
    },
    subscribe: (listener) => runner.subscribe(listener),
    send: (command) => {
      if (command.type !== 'retry' || !runLock || runLock.isHeld) return runner.send(command);
      // The run is over and its lock released: a retry writes again, so it needs the lock again.
      return runLock.reacquire().then(() => {
        runner.send(command);
        if (runner.record.status !== 'running') void runLock.release();
      });
    },
  };

  const stopOnSignal = () => runner.send({ type: 'abort' });
  const ignore = () => {}; // in a session of its own it should get no SIGHUP; if it does, the run goes on
  process.on('SIGTERM', stopOnSignal);
  process.on('SIGINT', stopOnSignal);
  process.on('SIGHUP', ignore);
  let server: ControlServer | undefined;
  try {
    const socket = spec.socketPath ? { ok: true as const, path: spec.socketPath } : controlSocketFor(plan.runId);
    if (!socket.ok) throw new Error(socket.message);
    // Before the start: the server keeps the lines a client's snapshot shows from the run's first event.
    server = new ControlServer(served, socket.path);
    const finished = runner.start();
    const runDir = runner.runDir!;
    writeHostInfo(runDir, describeHost('detached', spec.resume?.id, socket.path));
    await runLock?.takeOwnership();
    await server.listen();
    await finished;
    await untilDone(runner, server, spec.lingerMs ?? DEFAULT_LINGER_MS);
  } finally {
    await stopLeftovers();
    await notifications.settled();
    await server?.close();
    await runLock?.release();
    process.off('SIGTERM', stopOnSignal);
    process.off('SIGINT', stopOnSignal);
    process.off('SIGHUP', ignore);
  }
  return runner.record;
}

/** Resolves once the run is over (a retry from a client may restart it) and no client has come for `lingerMs`. */
function untilDone(runner: Runner, server: ControlServer, lingerMs: number): Promise<void> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const check = () => {
      clearTimeout(timer);
      timer = undefined;
      if (runner.record.status === 'running' || server.clientCount > 0) return;
      timer = setTimeout(() => {
        if (runner.record.status === 'running' || server.clientCount > 0) return;
        unsubscribe();
        resolve();
      }, lingerMs);
    };
    const unsubscribe = runner.subscribe((event) => {
      if (event.type === 'run-finished' || event.type === 'stage-retry') check();
    });
    server.onClients(check);
    check();
  });
}
