import { formatSummaryTable, unitName } from '../text/report-format.js';
import { formatDuration } from '../text/duration.js';
import { exitCodeFor } from '../runner/run/exit-code.js';
import { daysInRange } from '../runner/plan/chunks.js';
import { commitsOf, rollbackPlan, rowsPerTable, unreportedUnits, type RollbackStep, type UnreportedUnit } from '../runner/run/run-changes.js';
import { stageMemory, stageMemoryWarnings } from '../runner/run/memory-fold.js';
import type { RunRecord } from '../runner/run/run-types.js';
import { describeMemory, describeMemoryWarning } from '../text/spark-memory.js';
import { formatCoverageGrid, formatTableRows, thousands } from '../text/coverage-grid.js';
import { failedUnits, failureLines, formatFailureLine } from '../text/failure-text.js';
import type { HostInfo, RunState } from './host-info.js';
import type { NotificationRecord } from './notify.js';
import type { AttemptRecord } from './retrying-stage.js';
import type { NdjsonRead } from '../runner/folder/validated-json.js';
import { terminalSafeLines } from '../text/terminal-safe.js';
import { escapedToAscii, isPlainAscii } from '../text/printable.js';
import { DEFAULT_RETRY_DELAY_SECONDS } from '../config/defaults.js';

/** The appended records of a run folder that `show` reads beside run.json, as read. */
export interface ReportedFiles {
  notifications?: NdjsonRead<NotificationRecord>;
  attempts?: NdjsonRead<AttemptRecord>;
}

/** Everything `backfill show` tells of a run, as data (`--json`). */
export interface RunReport {
  record: RunRecord;
  state: RunState;
  host?: HostInfo;
  rowsWritten: Record<string, number>;
  notifications: NotificationRecord[];
  /** The attempts of a run with --retries (attempts.ndjson). */
  attempts: AttemptRecord[];
  /** What could not be read of notifications.ndjson and attempts.ndjson, in words naming the file. */
  unreadRecords: { notifications: string[]; attempts: string[] };
  /** Spark SQL that takes each table back to before the run (none for a name that is not a table's). */
  rollback: RollbackStep[];
  /** Stages and chunks stopped or failed without reporting their commits: they may have committed. */
  unreported: UnreportedUnit[];
}

export function buildRunReport(record: RunRecord, state: RunState, host: HostInfo | undefined, files: ReportedFiles = {}): RunReport {
  return {
    record,
    state,
    ...(host ? { host } : {}),
    rowsWritten: Object.fromEntries(rowsPerTable(record.stages).map((entry) => [entry.table, entry.rows])),
    notifications: files.notifications?.records ?? [],
    attempts: files.attempts?.records ?? [],
    unreadRecords: { notifications: files.notifications?.problems ?? [], attempts: files.attempts?.problems ?? [] },
    rollback: rollbackPlan(record.stages),
    unreported: unreportedUnits(record.stages),
  };
}

const stamp = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '-');

/** `backfill show` as text: what the run was asked, what it did, what it changed and how to undo that. */
export function formatRunReport(report: RunReport, width = 100): string {
  const { record } = report;
  const p = record.params;
  // Only a finished record has an exit code and a duration; an interrupted or unknown one never finished.
  const finished = record.status !== 'running';
  const took = record.finishedAt ? formatDuration(Date.parse(record.finishedAt) - Date.parse(record.startedAt)) : report.state === 'running' ? 'still going' : 'never finished';
  const lines = [
    `Run ${record.id} · ${report.state}${finished ? ` (exit ${exitCodeFor(record.status)})` : ''} · ` +
      `${p.startDate} → ${p.endDate} (${daysInRange(p.startDate, p.endDate)} days)`,
    `started ${stamp(record.startedAt)} · finished ${stamp(record.finishedAt)} · took ${took}` +
      `${report.host?.hostname ? ` · host ${report.host.hostname}` : ''}${report.host?.resumedFrom ? ` · resumes ${report.host.resumedFrom}` : ''}`,
    '',
    'Parameters',
  ];
  const parameter = (name: string, value: string | undefined) => {
    if (value) lines.push(`  ${name.padEnd(17)}${value}`);
  };
  parameter('stages', p.stages.join(', '));
  parameter('master', p.master);
  parameter('submit', p.sparkSubmit.join(' '));
  parameter('conf', p.conf.join(' '));
  parameter('warehouse', p.warehouse);
  parameter('locations', p.locations);
  parameter('pollutants', p.pollutants);
  parameter('chunks', p.chunk ? `${p.chunk}, up to ${p.parallel ?? 1} at once${p.failFast ? ', fail fast' : ''}` : undefined);
  parameter('retries', p.retries ? `${p.retries}, ${p.retryDelaySeconds ?? DEFAULT_RETRY_DELAY_SECONDS}s apart` : undefined);
  parameter('min completeness', p.minCompleteness !== undefined ? `${p.minCompleteness}%` : undefined);
  parameter('notify url', p.notifyUrl);
  parameter('notify cmd', p.notifyCmd);

  lines.push('', 'Stages', ...formatSummaryTable(record.stages).map((line) => `  ${line}`));
  for (const stage of record.stages) {
    if (!stage.chunks) continue;
    for (const chunk of stage.chunks) {
      lines.push(`    ${unitName(stage.name, chunk.id).padEnd(22)}${chunk.status.padEnd(10)} ${chunk.exitCode ?? '-'}  ${formatDuration(chunk.durationMs)}`);
    }
  }

  const failures = failedUnits(record.stages, 10);
  if (failures.units.length > 0) lines.push('', 'Failures');
  for (const { unit, cause } of failures.units) {
    lines.push(`  ${unit}`, ...failureLines(cause).map((line) => `    ${formatFailureLine(line)}`));
  }
  if (failures.more > 0) lines.push(`  and ${failures.more} more`);
  lines.push(...formatAttemptsSection(report));

  lines.push(...formatMemorySection(record));

  const commits = commitsOf(record.stages);
  lines.push('', 'Commits');
  if (commits.length === 0) lines.push('  none recorded');
  for (const unit of report.unreported) {
    lines.push(
      `  ${unitName(unit.stage, unit.chunk).padEnd(18)} ${unit.status} before it reported its commits: it may have committed. ` +
        `Its tables' snapshots since it started: SELECT * FROM lh.<db>.<table>.snapshots WHERE committed_at >= TIMESTAMP '${stamp(unit.startedAt).replace('Z', '')}'`,
    );
  }
  for (const commit of commits) {
    lines.push(
      `  ${unitName(commit.stage, commit.chunk).padEnd(18)} ${commit.table}  snapshot ${commit.snapshotId}` +
        ` (replaced ${commit.parentSnapshotId ?? 'nothing: new table'})  ${thousands(commit.rowsWritten)} rows`,
    );
  }
  const tables = formatTableRows(rowsPerTable(record.stages));
  if (tables.length > 0) lines.push('', ...tables);
  if (record.coverage) lines.push('', ...formatCoverageGrid(record.coverage, width));
  if (record.qualityGate) lines.push('', `Quality gate (--min-completeness ${record.qualityGate.minCompleteness}%): ${record.qualityGate.passed ? 'passed' : 'FAILED'}: ${record.qualityGate.message}`);

  lines.push('', 'Notifications');
  const unreadNotifications = report.unreadRecords.notifications;
  // "None sent yet" only when the file says so: one that could not be read may hold the outcomes.
  if (report.notifications.length === 0 && unreadNotifications.length === 0) lines.push(p.notifyUrl || p.notifyCmd ? '  none sent yet' : '  none asked for');
  for (const sent of report.notifications) {
    lines.push(`  ${sent.kind} ${sent.target}: ${sent.ok ? 'sent' : 'FAILED'} (${sent.message}; ${sent.attempts} attempt${sent.attempts === 1 ? '' : 's'}) at ${stamp(sent.at)}`);
  }
  for (const problem of unreadNotifications) lines.push(`  ${problem}`);

  lines.push('', 'To roll the tables back to before this run (Spark SQL with the lh catalog):');
  if (report.rollback.length === 0 && report.unreported.length === 0) lines.push('  nothing to roll back: no commits recorded');
  if (report.rollback.length === 0 && report.unreported.length > 0) lines.push('  no commits recorded; see above for what may have committed without reporting');
  for (const step of report.rollback) lines.push(`  ${rollbackLine(step)}`);
  // Names, messages and parameters come from the run folder and the jobs: the report is printed terminal-safe.
  return `${terminalSafeLines(lines.join('\n'))}\n`;
}

/**
 * A table's rollback as printed. The SQL is printed only when the table's name is printable ASCII, which every
 * terminal shows as itself: a name holding a control, an invisible or a look-alike character would show (and
 * paste) as another table, so it is named escaped instead, and the exact SQL is left to `--json`. A name that
 * does not read as a table's gets no SQL anywhere.
 */
function rollbackLine(step: RollbackStep): string {
  if (step.sql !== null && isPlainAscii(step.table)) return `${step.sql}${step.toSnapshot ? ';' : ''}`;
  const refused = `-- ${escapedToAscii(step.table)}: no SQL printed: its name`;
  if (step.sql === null) return `${refused} ${step.problem}, so SQL made from it would name another table; show's --json report has no SQL for it either`;
  return (
    `${refused} holds characters other than printable ASCII, which a terminal may show as nothing or as other characters ` +
    `(escaped here), so SQL read or copied from the screen could name another table; show's --json report has the exact SQL`
  );
}

/** The attempts of the stages and chunks that ran more than once (--retries), and what of attempts.ndjson
 *  could not be read: nothing for a run without retries. */
function formatAttemptsSection(report: RunReport): string[] {
  const { attempts } = report;
  const unread = report.unreadRecords.attempts;
  if (!report.record.params.retries && attempts.length === 0 && unread.length === 0) return [];
  const unitOf = (attempt: AttemptRecord) => unitName(attempt.stage, attempt.chunk);
  const tries = new Map<string, number>();
  for (const attempt of attempts) tries.set(unitOf(attempt), (tries.get(unitOf(attempt)) ?? 0) + 1);
  const lines = ['', 'Attempts'];
  for (const attempt of attempts.filter((each) => tries.get(unitOf(each))! > 1)) {
    const ended = attempt.signal ?? `exit ${attempt.exitCode ?? '-'}`;
    lines.push(`  ${unitOf(attempt).padEnd(18)} attempt ${attempt.attempt} of ${attempt.of}  ${ended.padEnd(8)} ${stamp(attempt.finishedAt)}  ${attempt.logFile}`);
  }
  if (lines.length === 2 && unread.length === 0) lines.push(attempts.length === 0 ? '  none recorded' : '  none retried: each stage and chunk ran once');
  for (const problem of unread) lines.push(`  ${problem}`);
  return lines;
}

/** Heap, GC and spill per stage and chunk, and the memory warnings: nothing when none was polled. */
function formatMemorySection(record: RunRecord): string[] {
  const lines: string[] = [];
  for (const stage of record.stages) {
    const memory = stageMemory(stage);
    if (memory) lines.push(`  ${stage.name.padEnd(22)}${describeMemory(memory)}`);
    for (const chunk of stage.chunks ?? []) {
      if (chunk.memory) lines.push(`    ${unitName(stage.name, chunk.id).padEnd(20)}${describeMemory(chunk.memory)}`);
    }
  }
  for (const stage of record.stages) {
    for (const { chunk, warning } of stageMemoryWarnings(stage)) lines.push(`  WARNING ${unitName(stage.name, chunk)}: ${describeMemoryWarning(warning)}`);
  }
  return lines.length > 0 ? ['', 'Memory (from the Spark UI: peak heap, GC share of task time, spill)', ...lines] : [];
}
