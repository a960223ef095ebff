import { terminalSafe, terminalSafeLines } from '../../text/terminal-safe.js';
import { shownWhole } from '../../config/shown.js';
import { shellQuote } from '../../text/shell-quote.js';
import { snapshotFromFolder } from '../../daemon/folder-snapshot.js';
import { folderController, ProtocolError, SocketRunController } from '../../daemon/socket-controller.js';
import { EXIT_CODES, exitCodeFor } from '../../runner/run/exit-code.js';
import type { RunRecord } from '../../runner/run/run-types.js';
import { createPlainReporter } from '../../headless/plain-reporter.js';
import { findRun, newestLiveRun } from '../../lifecycle/find-run.js';
import { controlSocketPath, isOnOtherMachine, judgeRun } from '../../lifecycle/host-info.js';
import { removeDeadSocket } from '../../lifecycle/liveness.js';
import { readSuccessor } from '../../lifecycle/successor.js';
import { terminalVerdict, type TerminalStreams } from '../interactive-terminal.js';
import { runEndAlert } from '../../text/run-end-alert.js';
import { parseCommandArgs, runsDirFrom, RUNS_DIR_OPTION, UsageError } from './args.js';
import type { RunController } from '../../runner/run/events.js';

export const ATTACH_USAGE = 'backfill attach [run-id] [--runs-dir DIR]';

export interface AttachIo {
  out: NodeJS.WritableStream & { isTTY?: boolean };
  err: NodeJS.WritableStream;
  /** Where keys come from; process.stdin by default. */
  in?: TerminalStreams['in'];
}

/** Reopens a run: a live one as it is now, a finished one as it ended. Without a terminal, prints its events. */
export async function attachCommand(args: string[], io: AttachIo = { out: process.stdout, err: process.stderr }): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, RUNS_DIR_OPTION, ATTACH_USAGE);
  if (positionals.length > 1) throw new UsageError(`name at most one run. Usage: ${ATTACH_USAGE}`);
  // Run folders, host records, the runs dir and the host's messages are outside text: every line said here
  // passes the one sanitizer (values already escaped by shown() stay as they are).
  const say = (text: string) => io.err.write(terminalSafeLines(text));
  const runsDir = runsDirFrom(values['runs-dir']);
  const found = positionals[0] ? findRun(runsDir, positionals[0]) : ((await newestLiveRun(runsDir)) ?? `no live run in ${shownWhole(runsDir)}. See backfill history.`);
  if (typeof found === 'string') {
    say(`backfill: ${found}\n`);
    return EXIT_CODES.usage;
  }

  const judged = await judgeRun(found.dir, found.record);
  const { state, host } = judged;
  if (state === 'running' && host?.mode === 'foreground') {
    say(`backfill: run ${found.id} runs in the foreground of process ${host.pid} (headless). Follow it: backfill logs ${found.id} --follow\n`);
    return EXIT_CODES.usage;
  }
  const successor = readSuccessor(found.dir);
  const resumedAs = successor.kind === 'resumed' ? successor.successor.runId : undefined;
  const notice =
    state === 'interrupted'
      ? `Run ${found.id} was interrupted: its runner${host ? ` (pid ${host.pid})` : ''} is gone. ${resumedAs ? `It was resumed as run ${resumedAs}: backfill attach ${resumedAs}` : `Resume it: backfill resume ${found.id}`}`
      : state === 'unknown'
        ? `Cannot tell whether run ${found.id} is still running: ${judged.why}. Shown as its folder has it.`
        : resumedAs
          ? `Run ${found.id} was resumed as run ${resumedAs}: backfill attach ${resumedAs}`
          : undefined;
  if (notice) say(`backfill: ${terminalSafe(notice)}\n`);
  if (judged.deadSocket && removeDeadSocket(judged.deadSocket)) say(`backfill: its control socket ${terminalSafe(judged.deadSocket)} did not answer (its runner is dead); removed it.\n`);

  if (state === 'running' && isOnOtherMachine(host)) {
    // host.json's hostname is read from the (possibly shared) runs dir: shown through the sanitizer, quoted in the command.
    const hostname = host?.hostname ?? '';
    say(`backfill: run ${found.id} runs on ${terminalSafe(hostname)} (pid ${host?.pid}); attach there: ${shellQuote(['ssh', hostname, 'backfill', 'attach', found.id])}\n`);
    return EXIT_CODES.usage;
  }
  let live: SocketRunController | undefined;
  if (state === 'running') {
    try {
      live = await SocketRunController.connect(judged.socket ?? controlSocketPath(found.dir, host));
    } catch (error) {
      // Another version's host: say so and show the folder. Otherwise it has just ended: show the folder.
      if (error instanceof ProtocolError) say(`backfill: ${error.message}\n`);
    }
  }
  const controller = live ?? folderController(snapshotFromFolder(found.dir));
  const record = live?.snapshot.record ?? found.record;
  const terminal = terminalVerdict({ out: io.out, in: io.in ?? process.stdin });
  if (!terminal.interactive && terminal.note) say(terminal.note);
  // An interrupted run has nothing to watch or command: its events as lines, and how to resume it (the TUI
  // showed it running, its clock ticking, and took abort and quit that nothing could carry out).
  if (terminal.interactive && state !== 'interrupted') {
    const { attachTui } = await import('../run-tui.js');
    return attachTui({ record, controller, ...(live ? { live } : {}), ...(notice ? { notice } : {}) });
  }
  return printRun(record, controller, live, io, say);
}

/** Without a terminal: the run's events as plain lines until it ends (or the host goes). */
function printRun(record: RunRecord, controller: RunController, live: SocketRunController | undefined, io: AttachIo, say: (text: string) => void): Promise<number> {
  return new Promise((resolve) => {
    const report = createPlainReporter(io.out);
    let status = record.status;
    controller.subscribe((event) => {
      report(event);
      if (event.type === 'run-finished') {
        status = event.status;
        if (live && io.out.isTTY) io.out.write(runEndAlert(record.id, event.status));
        live?.close();
        resolve(exitCodeFor(status));
      }
    });
    if (!live) return resolve(status === 'running' ? 1 : exitCodeFor(status));
    // Leaving (Ctrl+C, a closed terminal) only closes the connection: the run goes on.
    const leave = () => live.close();
    live.onHostError((message) => say(`backfill: the runner host: ${terminalSafe(message)}\n`));
    live.onStall((stalled, silentMs) =>
      say(stalled ? `backfill: the runner host has not answered for ${Math.round(silentMs / 1000)}s (stopped or overloaded?); waiting for it.\n` : 'backfill: the runner host answers again.\n'),
    );
    process.once('SIGHUP', leave);
    process.once('SIGINT', leave);
    live.onClose(() => {
      process.off('SIGHUP', leave);
      process.off('SIGINT', leave);
      resolve(status === 'running' ? 1 : exitCodeFor(status));
    });
  });
}
