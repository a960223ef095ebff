import { stageMemory, stageMemoryWarnings } from './memory-fold.js';
import { rowsPerTable } from './run-changes.js';
import type { ChunkRecord, Coverage, FailureCause, QualityGate, RunStatus, SparkMemory, SparkMemoryWarning, StageRecord, StageStatus } from './run-types.js';

export interface JsonSummary {
  type: 'summary';
  status: Exclude<RunStatus, 'running'>;
  stages: Array<{
    name: string;
    status: StageStatus;
    exitCode: number | null;
    durationMs: number | null;
    chunks?: Array<Pick<ChunkRecord, 'id' | 'startDate' | 'endDate' | 'status' | 'exitCode' | 'durationMs' | 'failure'>>;
    /** Why it failed and the fix, when it failed. */
    failure?: FailureCause;
    /** Heap, GC and spill (a chunked stage: its chunks together), and the memory warnings, when polled. */
    memory?: SparkMemory;
    memoryWarnings?: Array<{ chunk?: string; kind: SparkMemoryWarning['kind']; message: string }>;
  }>;
  /** Rows the run wrote per table (from the jobs' Iceberg commits). */
  rowsWritten: Record<string, number>;
  coverage?: Coverage;
  qualityGate?: QualityGate;
}

/** What a summary is made of: a finished run's state (the run fold's), or the run-finished event that ended it. */
export interface FinishedRun {
  status: Exclude<RunStatus, 'running'>;
  stages: readonly StageRecord[];
  coverage?: Coverage;
  qualityGate?: QualityGate;
}

/** The `summary` line of `--json` (also what --notify-url and --notify-cmd receive). */
export function summaryOf(run: FinishedRun): JsonSummary {
  return {
    type: 'summary',
    status: run.status,
    stages: run.stages.map((stage) => {
      const { name, status, exitCode, durationMs, chunks, failure } = stage;
      const memory = stageMemory(stage);
      const warnings = stageMemoryWarnings(stage).map(({ chunk, warning }) => ({ ...(chunk ? { chunk } : {}), kind: warning.kind, message: warning.message }));
      return {
        name,
        status,
        exitCode,
        durationMs,
        ...(chunks
          ? {
              chunks: chunks.map(({ id, startDate, endDate, status, exitCode, durationMs, failure }) => ({
                id,
                startDate,
                endDate,
                status,
                exitCode,
                durationMs,
                ...(failure ? { failure } : {}),
              })),
            }
          : {}),
        ...(failure ? { failure } : {}),
        ...(memory ? { memory } : {}),
        ...(warnings.length > 0 ? { memoryWarnings: warnings } : {}),
      };
    }),
    rowsWritten: Object.fromEntries(rowsPerTable(run.stages).map((entry) => [entry.table, entry.rows])),
    ...(run.coverage ? { coverage: run.coverage } : {}),
    ...(run.qualityGate ? { qualityGate: run.qualityGate } : {}),
  };
}
