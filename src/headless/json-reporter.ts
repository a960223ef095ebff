import type { Eta } from '../eta/estimate.js';
import { rowsPerTable } from '../runner/run-changes.js';
import { stageMemory, stageMemoryWarnings } from '../runner/memory-fold.js';
import type { FailureCause } from '../runner/failure-cause.js';
import type { ChunkRecord, Coverage, QualityGate, RunEvent, RunStatus, SparkMemory, SparkMemoryWarning, StageStatus } from '../runner/types.js';
import { ProgressThrottle } from './progress-throttle.js';
import type { Reporter, ReporterOptions, TextSink } from './reporter.js';
import { terminalSafeJson } from '../text/terminal-safe.js';

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

/** The `summary` line of `--json` (also what --notify-url and --notify-cmd receive). */
export function summaryOf(event: Extract<RunEvent, { type: 'run-finished' }>): JsonSummary {
  return {
    type: 'summary',
    status: event.status,
    stages: event.stages.map((stage) => {
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
    rowsWritten: Object.fromEntries(rowsPerTable(event.stages).map((entry) => [entry.table, entry.rows])),
    ...(event.coverage ? { coverage: event.coverage } : {}),
    ...(event.qualityGate ? { qualityGate: event.qualityGate } : {}),
  };
}

/** Written with progress, at most once per progress interval: `{"type":"eta","at":...,"stages":{"bronze":{...}},"run":{...}}`. */
export interface JsonEta {
  type: 'eta';
  at: string;
  stages: Record<string, Eta>;
  run: Eta | null;
}

/**
 * One JSON object per line: the run's events (no stage output; progress and Spark UI polls throttled per
 * stage and chunk), ETA lines when a tracker is given, and a `summary` line once the run has finished.
 */
export function createJsonReporter(out: TextSink, options: ReporterOptions = {}): Reporter {
  const throttle = new ProgressThrottle<RunEvent>(options.progressIntervalMs);
  const throttleKey = (event: { type: string; stage: string; chunk?: string }) => `${event.type}:${event.stage}:${event.chunk ?? ''}`;
  const print = (value: unknown) => out.write(`${terminalSafeJson(JSON.stringify(value))}\n`);
  const eta = options.eta;

  return (event: RunEvent) => {
    eta?.observe(event);
    switch (event.type) {
      case 'stage-output':
        return;
      case 'run-finished': {
        print(event);
        print(summaryOf(event));
        return;
      }
      case 'spark-memory':
        if (throttle.allow(throttleKey(event), event.at, event)) print(event);
        return;
      case 'stage-progress':
      case 'chunk-progress':
      case 'spark-progress':
      case 'spark-ui': {
        if (!throttle.allow(throttleKey(event), event.at, event)) return;
        print(event);
        if (eta && throttle.allow('eta', event.at)) {
          const estimate = eta.estimate(Date.parse(event.at));
          const line: JsonEta = { type: 'eta', at: event.at, stages: estimate.stages, run: estimate.run ?? null };
          print(line);
        }
        return;
      }
      case 'stage-finished':
      case 'chunk-finished': {
        const progressType = event.type === 'stage-finished' ? 'stage-progress' : 'chunk-progress';
        const lastProgress = throttle.takeHeld(throttleKey({ ...event, type: progressType }));
        if (lastProgress) print(lastProgress);
        const lastMemory = throttle.takeHeld(throttleKey({ ...event, type: 'spark-memory' }));
        if (lastMemory) print(lastMemory);
        print(event);
        return;
      }
      default:
        print(event);
    }
  };
}
