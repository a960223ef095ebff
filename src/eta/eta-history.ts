import { daysInRange } from '../runner/plan/chunks.js';
import { listRuns } from '../runner/folder/run-folder.js';
import type { RunRecord } from '../runner/run/run-types.js';
import { whereItRan } from './where-it-ran.js';
import type { RunParams } from '../runner/plan/plan-types.js';

/** Time per day of data, from earlier runs: the median over the succeeded stages (or chunks) seen. */
export interface EtaHistory {
  /** Whole stages (one submit over the run's range), by stage name. */
  stageMsPerDay: Record<string, number>;
  /** Chunks of chunked stages, by stage name. */
  chunkMsPerDay: Record<string, number>;
}

export const EMPTY_HISTORY: EtaHistory = { stageMsPerDay: {}, chunkMsPerDay: {} };
/** How many recent runs feed the history. */
export const HISTORY_RUNS = 20;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function medians(samples: Map<string, number[]>): Record<string, number> {
  return Object.fromEntries([...samples].map(([name, values]) => [name, median(values)]));
}

function add(samples: Map<string, number[]>, name: string, durationMs: number | null, days: number): void {
  if (durationMs === null || !(days > 0)) return;
  const list = samples.get(name) ?? [];
  list.push(durationMs / days);
  samples.set(name, list);
}

export function historyFromRuns(records: readonly RunRecord[]): EtaHistory {
  const stages = new Map<string, number[]>();
  const chunks = new Map<string, number[]>();
  for (const record of records) {
    const days = daysInRange(record.params.startDate, record.params.endDate);
    for (const stage of record.stages) {
      if (stage.chunks) {
        for (const chunk of stage.chunks) {
          if (chunk.status === 'succeeded') add(chunks, stage.name, chunk.durationMs, daysInRange(chunk.startDate, chunk.endDate));
        }
      } else if (stage.status === 'succeeded') {
        add(stages, stage.name, stage.durationMs, days);
      }
    }
  }
  return { stageMsPerDay: medians(stages), chunkMsPerDay: medians(chunks) };
}

/** History from the newest runs in the runs dir that ran where this one runs (see where-it-ran.ts); unreadable
 *  runs are left out. */
export function readEtaHistory(runsDir: string, where: Pick<RunParams, 'master' | 'conf'>, limit = HISTORY_RUNS): EtaHistory {
  const here = whereItRan(where);
  const records = listRuns(runsDir, limit * 5)
    .map((run) => run.record)
    .filter((record) => whereItRan(record.params) === here)
    .slice(0, limit);
  return historyFromRuns(records);
}
