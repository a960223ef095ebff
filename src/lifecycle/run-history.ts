import { formatDuration } from '../text/duration.js';
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
  const rows = entries.map((entry) => [
    entry.id,
    `${entry.startDate}..${entry.endDate}`,
    entry.stages.join(','),
    entry.status,
    formatStart(entry.startedAt),
    formatDuration(entry.durationMs),
    [entry.resumedFrom ? `resumes ${entry.resumedFrom}` : '', entry.resumedBy ? `resumed as ${entry.resumedBy}` : ''].filter(Boolean).join('; '),
  ]);
  const header = ['RUN', 'RANGE', 'STAGES', 'STATUS', 'STARTED', 'DURATION', ''];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd();
  return `${[header, ...rows].map(line).join('\n')}\n`;
}

export function formatHistoryJson(entries: readonly HistoryEntry[]): string {
  return entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
}
