import { countChunks, describeChunkCounts } from '../runner/run/chunk-summary.js';
import { exitCodeFor } from '../runner/run/exit-code.js';
import type { ChunkFinishedEvent, StageFinishedEvent, RunEvent } from '../runner/run/events.js';
import type { RunState } from '../runner/run/run-state.js';
import type { JobProgress, SparkStageProgress, SparkUiSnapshot } from '../runner/run/run-types.js';
import { describeJobProgress, describeSparkProgress, describeSparkUi, formatSummaryTable, formatTimestamp, unitName } from '../text/report-format.js';
import { shellQuote } from '../text/shell-quote.js';
import { terminalSafeSink } from '../text/terminal-safe.js';
import { formatCoverageGrid, formatTableRows } from '../text/coverage-grid.js';
import { causeFoundInLog, failedUnits, failureLines, formatFailureLine } from '../text/failure-text.js';
import { rowsPerTable } from '../runner/run/run-changes.js';
import { ProgressThrottle } from './progress-throttle.js';
import { createReportFold } from './report-fold.js';
import { stageMemoryWarnings } from '../runner/run/memory-fold.js';
import { describeMemory, describeMemoryWarning } from '../text/spark-memory.js';
import type { Reporter, ReporterOptions, TextSink } from './reporter.js';
import type { Eta } from '../eta/estimate.js';
import { formatDuration } from '../text/duration.js';
import { logFileIn } from '../runner/folder/run-folder.js';

/** Lines of a failed stage's output repeated under its end line, so a CI log shows why. */
export const FAILURE_TAIL_LINES = 10;

/** Human-readable lines for logs and CI: `2026-11-24 01:15:02 bronze started: spark-submit ...`.
 *  A chunk of a chunked stage is named `bronze[2024-01]`. What the run is (and its ETA) comes from the reporter's
 *  fold (report-fold.ts); this keeps only the last lines each process printed, to show under a failure. */
export function createPlainReporter(to: TextSink, options: ReporterOptions = {}): Reporter {
  // Table and location names, reasons, Spark's URLs and output lines come from outside: every line passes the sanitizer.
  const out = terminalSafeSink(to);
  const throttle = new ProgressThrottle<ProgressEvent>(options.progressIntervalMs);
  const memoryThrottle = new ProgressThrottle<MemoryEvent>(options.progressIntervalMs);
  const fold = createReportFold(options.etaHistory);
  const outputTail = new Map<string, string[]>();

  const line = (at: string, text: string) => out.write(`${formatTimestamp(at)} ${text}\n`);

  /** One line of a process's figures: the run's (when it knows the stage), with the event's own laid over. */
  const reportProgress = (event: ProgressEvent, state: RunState | undefined, force = false) => {
    const chunk = 'chunk' in event ? event.chunk : undefined;
    const unit = unitName(event.stage, chunk);
    if (!force && !throttle.allow(unit, event.at, event)) return;
    const known = figuresOf(state, event.stage, chunk);
    const job = event.type === 'stage-progress' || event.type === 'chunk-progress' ? event.progress : known.job;
    const spark = event.type === 'spark-progress' ? event.sparkStages : known.spark;
    const ui = event.type === 'spark-ui' ? sparkUiOf(event) : known.ui;
    const etas = fold.etas(Date.parse(event.at));
    const stageEta = etas?.stages[event.stage];
    const parts = [
      job ? describeJobProgress(job) : undefined,
      // The driver's REST API, when it answers, says more than the console bar.
      ui ? describeSparkUi(ui) : spark.length > 0 ? describeSparkProgress(spark) : undefined,
      stageEta ? `${event.stage} ${describeEta(stageEta)}` : undefined,
      etas?.run ? `run ${describeEta(etas.run)}` : undefined,
    ];
    line(event.at, `${unit} progress: ${parts.filter(Boolean).join('; ')}`);
  };

  /** A process's heap, GC and spill, at the pace of its progress lines. */
  const reportMemory = (event: MemoryEvent, force = false) => {
    const unit = unitName(event.stage, event.chunk);
    if (!force && !memoryThrottle.allow(unit, event.at, event)) return;
    line(event.at, `${unit} memory: ${describeMemory(event.memory)}`);
  };

  /** Why it failed and the fix; the log's last lines only when the log said nothing more than the exit code. */
  const failureTail = (stage: string, chunk: string | undefined) => {
    const run = fold.run;
    const record = run?.stages.find((candidate) => candidate.name === stage);
    const cause = chunk === undefined ? record?.failure : record?.chunks?.find((candidate) => candidate.id === chunk)?.failure;
    for (const causeLine of cause ? failureLines(cause) : []) out.write(`    ${formatFailureLine(causeLine)}\n`);
    const tail = causeFoundInLog(cause) ? [] : (outputTail.get(unitName(stage, chunk)) ?? []);
    for (const tailLine of tail) out.write(`    | ${tailLine}\n`);
    if (run?.runDir) out.write(`    full log: ${logFileIn(run.runDir, stage, chunk)}\n`);
  };

  /** The end of a process: its last progress if the throttle held it back, its outcome, and why it failed. */
  const finished = (event: StageFinishedEvent | ChunkFinishedEvent, chunk: string | undefined, before: RunState | undefined, tail: boolean) => {
    const unit = unitName(event.stage, chunk);
    const held = throttle.takeHeld(unit);
    if (held) reportProgress({ ...held, at: event.at }, before, true);
    const heldMemory = memoryThrottle.takeHeld(unit);
    if (heldMemory) reportMemory({ ...heldMemory, at: event.at }, true);
    const how = [
      event.exitCode !== null ? `exit code ${event.exitCode}` : undefined,
      event.signal !== null ? `signal ${event.signal}` : undefined,
      event.durationMs !== null ? formatDuration(event.durationMs) : undefined,
    ].filter(Boolean);
    line(event.at, `${unit} ${event.status}${how.length > 0 ? `: ${how.join(', ')}` : ''}`);
    if (tail && event.status === 'failed') failureTail(event.stage, chunk);
    outputTail.delete(unit);
  };

  return (event: RunEvent) => {
    const before = fold.apply(event);
    const run = fold.run;
    const stageOf = (name: string) => run?.stages.find((stage) => stage.name === name);
    switch (event.type) {
      case 'run-started': {
        const selected = event.stages.filter((stage) => stage.status !== 'skipped').map((stage) => stage.name);
        const skipped = event.stages.filter((stage) => stage.status === 'skipped').map((stage) => stage.name);
        line(
          event.at,
          `run ${event.runId} started: ${selected.join(', ') || 'no stages'}` +
            `${skipped.length > 0 ? ` (skipping ${skipped.join(', ')})` : ''}; folder ${event.runDir}`,
        );
        return;
      }
      case 'stage-started':
        outputTail.set(event.stage, []);
        line(event.at, `${event.stage} started: ${shellQuote(event.command)}`);
        return;
      case 'chunk-started': {
        const stage = stageOf(event.stage);
        const wasRunning = before?.stages.find((candidate) => candidate.name === event.stage)?.status === 'running';
        if (!wasRunning && stage?.chunks) line(event.at, `${event.stage} started: ${stage.chunks.length} chunks, up to ${run?.params.parallel ?? 1} at once`);
        outputTail.set(unitName(event.stage, event.chunk), []);
        line(event.at, `${unitName(event.stage, event.chunk)} started: ${shellQuote(event.command)}`);
        return;
      }
      case 'stage-progress':
      case 'chunk-progress':
      case 'spark-ui':
        return reportProgress(event, run);
      case 'spark-progress':
        if (event.sparkStages.length > 0) reportProgress(event, run);
        return;
      case 'spark-app': {
        const { uiUrl, appId, trackingUrl } = event.app;
        const parts = [uiUrl ? `ui ${uiUrl}` : undefined, appId ? `${appId.startsWith('application_') ? 'yarn' : 'app'} ${appId}` : undefined, trackingUrl ? `tracking ${trackingUrl}` : undefined];
        line(event.at, `${unitName(event.stage, event.chunk)} spark app: ${parts.filter(Boolean).join(', ')}`);
        return;
      }
      case 'yarn-kill':
        line(event.at, `${unitName(event.stage, event.chunk)} ${event.message}`);
        return;
      case 'spark-memory':
        return reportMemory(event);
      case 'spark-memory-warning':
        line(event.at, `${unitName(event.stage, event.chunk)} WARNING: ${describeMemoryWarning(event.warning)}`);
        return;
      case 'storage-error':
        line(event.at, `backfill: ${event.message}; stopping the run (its record on disk stops here). Free space, then: backfill resume ${run?.runId ?? '<run-id>'}`);
        return;
      case 'stage-stopping':
        line(event.at, `${event.stage} stopping (${event.reason}): ${event.signal} sent to its process group`);
        return;
      case 'chunk-stopping':
        line(event.at, `${unitName(event.stage, event.chunk)} stopping (${event.reason}): ${event.signal} sent to its process group`);
        return;
      case 'stage-finished': {
        // A chunked stage's failures were shown with its chunks.
        finished(event, undefined, before, !stageOf(event.stage)?.chunks);
        return;
      }
      case 'chunk-finished': {
        finished(event, event.chunk, before, true);
        line(event.at, `${event.stage} chunks: ${describeChunkCounts(countChunks(stageOf(event.stage)?.chunks ?? []))}`);
        return;
      }
      case 'stage-retry':
        line(event.at, `${event.stage} retry${event.chunks ? `: chunks ${event.chunks.join(', ')}` : ''}`);
        return;
      case 'run-finished': {
        const duration = run ? Date.parse(event.at) - Date.parse(run.startedAt) : null;
        line(event.at, `run ${event.status}: exit code ${exitCodeFor(event.status)}, ${formatDuration(duration)}`);
        out.write(`${formatSummaryTable(event.stages).join('\n')}\n`);
        for (const stage of event.stages) {
          if (!stage.chunks) continue;
          const failed = stage.chunks.filter((chunk) => chunk.status === 'failed').map((chunk) => chunk.id);
          out.write(`${stage.name} chunks: ${describeChunkCounts(countChunks(stage.chunks))}${failed.length > 0 ? ` (failed: ${failed.join(', ')})` : ''}\n`);
        }
        const extra = [
          ...formatTableRows(rowsPerTable(event.stages)),
          ...(event.coverage ? formatCoverageGrid(event.coverage) : []),
          ...event.stages.flatMap((stage) =>
            stageMemoryWarnings(stage).map(({ chunk, warning }) => `memory warning: ${unitName(stage.name, chunk)} ${describeMemoryWarning(warning)}`),
          ),
        ];
        if (event.qualityGate && !event.qualityGate.passed) extra.push(`quality gate: ${event.qualityGate.message}`);
        const failures = failedUnits(event.stages);
        for (const { unit, cause } of failures.units) {
          extra.push(`${unit} failed: ${cause.summary}`, ...(cause.fix ? [`  fix: ${cause.fix}`] : []));
        }
        if (failures.more > 0) extra.push(`(and ${failures.more} more failed; backfill show ${run?.runId ?? '<run-id>'})`);
        if (extra.length > 0) out.write(`${extra.join('\n')}\n`);
        return;
      }
      case 'quality-gate':
        line(event.at, `quality gate after ${event.stage} ${event.gate.passed ? 'passed' : 'FAILED'}: ${event.gate.message}`);
        return;
      case 'stage-output': {
        const unit = unitName(event.stage, event.chunk);
        const tail = outputTail.get(unit) ?? [];
        tail.push(...event.lines.slice(-FAILURE_TAIL_LINES));
        outputTail.set(unit, tail.slice(-FAILURE_TAIL_LINES));
        return;
      }
      case 'job-result':
      case 'failure-cause': // told with the process's end
        return;
    }
  };
}

type MemoryEvent = Extract<RunEvent, { type: 'spark-memory' }>;
type ProgressEvent = Extract<RunEvent, { type: 'stage-progress' | 'chunk-progress' | 'spark-progress' | 'spark-ui' }>;

/** `ETA 3m 05s (rate)`. */
export function describeEta(eta: Eta): string {
  return `ETA ${formatDuration(eta.remainingMs)} (${eta.source})`;
}

function sparkUiOf(event: Extract<RunEvent, { type: 'spark-ui' }>): SparkUiSnapshot {
  const { type: _type, at: _at, stage: _stage, chunk: _chunk, ...snapshot } = event;
  return snapshot;
}

/** What the run knows of a process's figures: a stage's own, or one of its running chunks'. */
function figuresOf(state: RunState | undefined, stageName: string, chunk: string | undefined): { job: JobProgress | null; spark: SparkStageProgress[]; ui: SparkUiSnapshot | null } {
  const stage = state?.stages.find((candidate) => candidate.name === stageName);
  if (!stage) return { job: null, spark: [], ui: null };
  if (chunk === undefined) return { job: stage.progress, spark: stage.sparkStages, ui: stage.sparkUi };
  const figures = stage.chunkSpark?.[chunk];
  return { job: figures?.progress ?? null, spark: figures?.stages ?? [], ui: figures?.ui ?? null };
}
