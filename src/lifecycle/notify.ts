import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readNdjsonFile, type NdjsonRead } from '../runner/folder/validated-json.js';
import { formatDuration } from '../text/duration.js';
import { exitCodeFor } from '../runner/run/exit-code.js';
import { runHelper } from '../runner/process/helper-process.js';
import { redactUrl, redactUrlIn } from '../runner/plan/redaction.js';
import { rowsPerTable } from '../runner/run/run-changes.js';
import { thousands } from '../text/coverage-grid.js';
import { causeFoundInLog, failedUnits, failureSentence } from '../text/failure-text.js';
import type { RunEvent } from '../runner/run/events.js';
import { summaryOf, type JsonSummary } from '../runner/run/json-summary.js';
import type { RunParams } from '../runner/plan/plan-types.js';

// When a run ends, the process that owns it (the runner host, or a headless backfill) tells whoever asked:
// `--notify-url` gets the summary POSTed as JSON (a Slack or Teams incoming webhook shows its `text`),
// `--notify-cmd` is run with the summary on stdin. A notification that fails is recorded and never fails
// the run. Each attempt's outcome is a line of `notifications.ndjson` in the run folder.

export const NOTIFICATIONS_FILE = 'notifications.ndjson';

const notificationRecordSchema = z.looseObject({
  at: z.string(),
  kind: z.enum(['url', 'cmd']),
  /** The URL redacted (webhook URLs carry their token), or the command's path. */
  target: z.string(),
  ok: z.boolean(),
  attempts: z.number().int().nonnegative(),
  message: z.string(),
});
export type NotificationRecord = z.infer<typeof notificationRecordSchema>;

export interface NotifyOptions {
  /** Attempts per URL (default 3), with 1 s, then 2 s between them. */
  attempts?: number;
  timeoutMs?: number;
  retryDelayMs?: number;
  env?: NodeJS.ProcessEnv;
}

type RunFinished = Extract<RunEvent, { type: 'run-finished' }>;

export interface NotificationPayload extends JsonSummary {
  runId: string;
  exitCode: number;
  /** One line for a human: what a chat message shows. */
  text: string;
}

export function notificationPayload(runId: string, startedAt: string, event: RunFinished): NotificationPayload {
  const summary = summaryOf(event);
  const exitCode = exitCodeFor(event.status);
  const duration = formatDuration(Date.parse(event.at) - Date.parse(startedAt));
  const stages = event.stages.map((stage) => `${stage.name} ${stage.status}`).join(', ');
  const rows = rowsPerTable(event.stages).reduce((sum, entry) => sum + entry.rows, 0);
  const gate = event.qualityGate && !event.qualityGate.passed ? ` Quality gate failed: ${event.qualityGate.message}` : '';
  const failure = failedUnits(event.stages, 1).units[0];
  // A cause that is only the exit code adds nothing to the stage list.
  const cause = failure && (causeFoundInLog(failure.cause) || failure.cause.fix) ? ` ${failureSentence(failure)}` : '';
  const text = `backfill run ${runId} ${event.status} (exit ${exitCode}) in ${duration}: ${stages}; ${thousands(rows)} rows written.${cause}${gate}`;
  return { ...summary, runId, exitCode, text };
}

/** Sends the run's end to --notify-url and --notify-cmd, records each outcome, never throws. */
export async function notifyRunEnd(
  params: Pick<RunParams, 'notifyUrl' | 'notifyCmd'>,
  runDir: string,
  payload: NotificationPayload,
  options: NotifyOptions = {},
): Promise<NotificationRecord[]> {
  const records: NotificationRecord[] = [];
  if (params.notifyUrl) records.push(await postUrl(params.notifyUrl, payload, options));
  if (params.notifyCmd) records.push(await runCommand(params.notifyCmd, payload, options));
  for (const record of records) {
    try {
      fs.appendFileSync(path.join(runDir, NOTIFICATIONS_FILE), `${JSON.stringify(record)}\n`);
    } catch {
      // the run folder is not writable (disk full): the run has said so already
    }
  }
  return records;
}

async function postUrl(url: string, payload: NotificationPayload, options: NotifyOptions): Promise<NotificationRecord> {
  const attempts = options.attempts ?? 3;
  let message = '';
  let attempt = 1;
  for (; ; attempt++) {
    try {
      const answer = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      if (answer.ok) return record('url', url, true, attempt, `HTTP ${answer.status}`);
      message = `HTTP ${answer.status}`;
      if (answer.status >= 400 && answer.status < 500 && answer.status !== 429) break; // a client error will not change
    } catch (error) {
      message = (error as Error).name === 'TimeoutError' ? 'timed out' : describeFetchError(error as Error);
    }
    if (attempt >= attempts) break;
    await new Promise((resolve) => setTimeout(resolve, (options.retryDelayMs ?? 1000) * attempt));
  }
  return record('url', url, false, attempt, message);
}

/** `fetch failed` says little; its cause (connection refused, unknown host) says why. */
function describeFetchError(error: Error): string {
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
  return detail && !error.message.includes(detail) ? `${error.message}: ${detail}` : error.message;
}

async function runCommand(command: string, payload: NotificationPayload, options: NotifyOptions): Promise<NotificationRecord> {
  const result = await runHelper(command, [], {
    kind: 'notify-cmd',
    input: `${JSON.stringify(payload)}\n`,
    env: { ...(options.env ?? process.env), BACKFILL_RUN_ID: payload.runId, BACKFILL_STATUS: payload.status, BACKFILL_EXIT_CODE: String(payload.exitCode) },
    timeoutMs: options.timeoutMs ?? 60_000,
  });
  const ok = result.exitCode === 0 && !result.timedOut;
  const why = result.timedOut
    ? `timed out after ${formatDuration(options.timeoutMs ?? 60_000)}`
    : result.startError !== undefined
      ? `could not start: ${result.startError}`
      : result.signal
        ? `killed by ${result.signal}`
        : `exit code ${result.exitCode}`;
  const stderr = result.stderr.trim().split('\n').at(-1) ?? '';
  return record('cmd', command, ok, 1, ok ? 'exit code 0' : `${why}${stderr ? `: ${stderr}` : ''}`);
}

/** Longest message kept in a record: a command's last line of stderr, or an error, is enough to say why. */
export const MAX_NOTIFICATION_MESSAGE = 1000;

/**
 * The one place a notification's outcome becomes a record: a URL (webhook URLs carry their token, some carry
 * credentials) is stored redacted, and so is anything derived from it in the message (an error that quotes it).
 */
function record(kind: NotificationRecord['kind'], target: string, ok: boolean, attempts: number, message: string): NotificationRecord {
  const safeMessage = (kind === 'url' ? redactUrlIn(message, target) : message).slice(0, MAX_NOTIFICATION_MESSAGE);
  return { at: new Date().toISOString(), kind, target: kind === 'url' ? redactUrl(target) : target, ok, attempts, message: safeMessage };
}

/** What the notifier needs of a run in this process. */
export interface NotifiedRun {
  subscribe(listener: (event: RunEvent) => void): () => void;
  readonly runDir: string | undefined;
  readonly record: { id: string; startedAt: string };
}

/**
 * Sends a notification each time `run` finishes (a retry after the end finishes it again). `settled()`
 * resolves once every notification started so far is done, so the owner can wait before it exits.
 */
export function notifyWhenRunEnds(run: NotifiedRun, params: Pick<RunParams, 'notifyUrl' | 'notifyCmd'>, options: NotifyOptions = {}) {
  const pending: Promise<unknown>[] = [];
  const unsubscribe =
    params.notifyUrl || params.notifyCmd
      ? run.subscribe((event) => {
          const runDir = run.runDir;
          if (event.type !== 'run-finished' || !runDir) return;
          pending.push(notifyRunEnd(params, runDir, notificationPayload(run.record.id, run.record.startedAt, event), options));
        })
      : () => {};
  return {
    settled: async () => {
      unsubscribe();
      await Promise.all(pending);
    },
  };
}

/** How much of notifications.ndjson is read: its end, which holds the latest outcomes (a record is under 2 KB). */
export const NOTIFICATIONS_READ_BYTES = 256 * 1024;

/** The notifications recorded in a run folder (the latest, from the file's last 256 KB), and what could not be
 *  read of the file: lines that do not read as one are skipped and named. */
export function readNotifications(runDir: string): NdjsonRead<NotificationRecord> {
  return readNdjsonFile(path.join(runDir, NOTIFICATIONS_FILE), notificationRecordSchema, { maxBytes: NOTIFICATIONS_READ_BYTES, recordName: 'notification record' });
}

