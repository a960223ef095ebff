import { shown } from '../config/shown.js';
import { formatDuration } from '../text/duration.js';
import { terminalSafeJson, terminalSafeLines } from '../text/terminal-safe.js';
import { listRuns, type BrokenRun } from '../runner/folder/run-folder.js';
import { judgeRun, type RunState } from './host-info.js';
import { readSuccessor } from './successor.js';

export interface HistoryEntry {
  id: string;
  startDate: string;
  endDate: string;
  /** The stages the run was asked to run. */
  stages: string[];
  status: RunState;
  startedAt: string;
  finishedAt: string | null;
  /** Until now for a live run; null for an interrupted one (its end is unknown). */
  durationMs: number | null;
  resumedFrom?: string;
  /** The run that resumed this one. */
  resumedBy?: string;
}

/** Runs of `runsDir`, newest first. */
export async function listHistory(runsDir: string, now: Date = new Date(), limit?: number, onBroken?: (run: BrokenRun) => void): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = [];
  for (const { id, dir, record } of listRuns(runsDir, limit, onBroken)) {
    const judged = await judgeRun(dir, record);
    const status = judged.state;
    const resumedFrom = judged.host?.resumedFrom;
    const successor = readSuccessor(dir);
    const resumedBy = successor.kind === 'resumed' ? successor.successor.runId : undefined;
    const end = record.finishedAt ? Date.parse(record.finishedAt) : status === 'running' ? now.getTime() : undefined;
    entries.push({
      id,
      startDate: record.params.startDate,
      endDate: record.params.endDate,
      stages: record.params.stages,
      status,
      startedAt: record.startedAt,
      finishedAt: record.finishedAt,
      durationMs: end === undefined ? null : Math.max(0, end - Date.parse(record.startedAt)),
      ...(resumedFrom ? { resumedFrom } : {}),
      ...(resumedBy ? { resumedBy } : {}),
    });
  }
  return entries;
}

function formatStart(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function formatHistory(entries: readonly HistoryEntry[]): string {
  if (entries.length === 0) return 'No runs yet.\n';
  // Every field but the status and the duration is read from the run's files (run.json, host.json,
  // successor.json) in a runs dir that may be shared: each is echoed escaped, visible, never raw.
  const rows = entries.map((entry) => [
    shown(entry.id),
    `${shown(entry.startDate)}..${shown(entry.endDate)}`,
    shown(entry.stages.join(',')),
    entry.status,
    shown(formatStart(entry.startedAt)),
    formatDuration(entry.durationMs),
    [entry.resumedFrom ? `resumes ${shown(entry.resumedFrom)}` : '', entry.resumedBy ? `resumed as ${shown(entry.resumedBy)}` : ''].filter(Boolean).join('; '),
  ]);
  const header = ['RUN', 'RANGE', 'STAGES', 'STATUS', 'STARTED', 'DURATION', ''];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  return terminalSafeLines(`${[header, ...rows].map(line).join('\n')}\n`);
}

export function formatHistoryJson(entries: readonly HistoryEntry[]): string {
  return entries.map((entry) => `${terminalSafeJson(JSON.stringify(entry))}\n`).join('');
}
