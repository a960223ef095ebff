import { countChunks, describeChunkCounts } from '../runner/chunk-summary.js';
import { exitCodeFor } from '../runner/exit-code.js';
import type { ChunkRecord, JobProgress, RunEvent, SparkStageProgress, SparkUiSnapshot } from '../runner/types.js';
import {
  describeEta,
  describeJobProgress,
  describeSparkProgress,
  describeSparkUi,
  formatDuration,
  formatSummaryTable,
  formatTimestamp,
  unitName,
} from './format.js';
import { shellQuote } from '../runner/shell-quote.js';
import { terminalSafe } from '../text/terminal-safe.js';
import { formatCoverageGrid, formatTableRows } from '../text/coverage-grid.js';
import { rowsPerTable } from '../runner/run-changes.js';
import { ProgressThrottle } from './progress-throttle.js';
import type { Reporter, ReporterOptions, TextSink } from './reporter.js';

/** Lines of a failed stage's output repeated under its end line, so a CI log shows why. */
export const FAILURE_TAIL_LINES = 10;

/** Human-readable lines for logs and CI: `2026-11-24 01:15:02 bronze started: spark-submit ...`.
 *  A chunk of a chunked stage is named `bronze[2024-01]`. */
export function createPlainReporter(out: TextSink, options: ReporterOptions = {}): Reporter {
  const throttle = new ProgressThrottle(options.progressIntervalMs);
  const eta = options.eta;
  // Keyed by unit name (stage or stage[chunk]); entries go when the unit finishes.
  const jobProgress = new Map<string, JobProgress>();
  const sparkProgress = new Map<string, SparkStageProgress[]>();
  const sparkUi = new Map<string, SparkUiSnapshot>();
  const outputTail = new Map<string, string[]>();
  /** Chunk statuses of each chunked stage, to print counts as chunks finish. */
  const chunks = new Map<string, Pick<ChunkRecord, 'id' | 'status'>[]>();
  let runStartedAt: string | undefined;
  let runDir: string | undefined;
  let runId: string | undefined;
  let parallel = 1;

  const line = (at: string, text: string) => out.write(`${formatTimestamp(at)} ${text}\n`);

  const reportProgress = (at: string, stage: string, unit: string, force = false) => {
    if (!force && !throttle.allow(unit, at)) return;
    const job = jobProgress.get(unit);
    const spark = sparkProgress.get(unit) ?? [];
    const ui = sparkUi.get(unit);
    const etas = eta?.estimate(Date.parse(at));
    const stageEta = etas?.stages[stage];
    const parts = [
      job ? describeJobProgress(job) : undefined,
      // The driver's REST API, when it answers, says more than the console bar.
      ui ? describeSparkUi(ui) : spark.length > 0 ? describeSparkProgress(spark) : undefined,
      stageEta ? `${stage} ${describeEta(stageEta)}` : undefined,
      etas?.run ? `run ${describeEta(etas.run)}` : undefined,
    ];
    line(at, `${unit} progress: ${parts.filter(Boolean).join('; ')}`);
  };

  const setChunkStatus = (stage: string, chunk: string, status: ChunkRecord['status']) => {
    const entry = chunks.get(stage)?.find((candidate) => candidate.id === chunk);
    if (entry) entry.status = status;
  };

  return (event: RunEvent) => {
    eta?.observe(event);
    const unit = 'stage' in event ? unitName(event.stage, 'chunk' in event ? event.chunk : undefined) : '';
    switch (event.type) {
      case 'run-started': {
        runStartedAt = event.at;
        runDir = event.runDir;
        runId = event.runId;
        parallel = event.params.parallel ?? 1;
        for (const stage of event.stages) {
          if (stage.chunks) chunks.set(stage.name, stage.chunks.map(({ id, status }) => ({ id, status })));
        }
        const selected = event.stages.filter((stage) => stage.status !== 'skipped').map((stage) => stage.name);
        const skipped = event.stages.filter((stage) => stage.status === 'skipped').map((stage) => stage.name);
        line(
          event.at,
          `run ${event.runId} started: ${selected.join(', ') || 'no stages'}` +
            `${skipped.length > 0 ? ` (skipping ${skipped.join(', ')})` : ''}; folder ${event.runDir}`,
        );
        return;
      }
      case 'stage-started': {
        outputTail.set(unit, []);
        const stageChunks = chunks.get(event.stage);
        if (event.chunk !== undefined) setChunkStatus(event.stage, event.chunk, 'running');
        if (event.chunk === undefined && stageChunks) {
          line(event.at, `${event.stage} started: ${stageChunks.length} chunks, up to ${parallel} at once`);
          return;
        }
        line(event.at, `${unit} started: ${shellQuote(event.command)}`);
        return;
      }
      case 'stage-progress':
        jobProgress.set(unit, event.progress);
        reportProgress(event.at, event.stage, unit);
        return;
      case 'spark-progress':
        sparkProgress.set(unit, event.sparkStages);
        if (event.sparkStages.length > 0) reportProgress(event.at, event.stage, unit);
        return;
      case 'spark-ui': {
        const { type: _type, at: _at, stage: _stage, chunk: _chunk, ...snapshot } = event;
        sparkUi.set(unit, snapshot);
        reportProgress(event.at, event.stage, unit);
        return;
      }
      case 'spark-app': {
        const { uiUrl, appId, trackingUrl } = event.app;
        const parts = [uiUrl ? `ui ${uiUrl}` : undefined, appId ? `yarn ${appId}` : undefined, trackingUrl ? `tracking ${trackingUrl}` : undefined];
        line(event.at, `${unit} spark app: ${parts.filter(Boolean).join(', ')}`);
        return;
      }
      case 'yarn-kill':
        line(event.at, `${unit} ${event.message}`);
        return;
      case 'storage-error':
        line(event.at, `backfill: ${event.message}; stopping the run (its record on disk stops here). Free space, then: backfill resume ${runId ?? '<run-id>'}`);
        return;
      case 'stage-stopping':
        line(event.at, `${unit} stopping (${event.reason}): ${event.signal} sent to its process group`);
        return;
      case 'stage-finished': {
        if (throttle.takeHeld(unit)) reportProgress(event.at, event.stage, unit, true);
        const how = [
          event.exitCode !== null ? `exit code ${event.exitCode}` : undefined,
          event.signal !== null ? `signal ${event.signal}` : undefined,
          event.durationMs !== null ? formatDuration(event.durationMs) : undefined,
        ].filter(Boolean);
        line(event.at, `${unit} ${event.status}${how.length > 0 ? `: ${how.join(', ')}` : ''}`);
        if (event.status === 'failed' && (event.chunk !== undefined || !chunks.has(event.stage))) {
          for (const tailLine of outputTail.get(unit) ?? []) out.write(`    | ${terminalSafe(tailLine)}\n`);
          const log = event.chunk === undefined ? `${event.stage}.log` : `${event.stage}/${event.chunk}.log`;
          if (runDir) out.write(`    full log: ${runDir}/logs/${log}\n`);
        }
        if (event.chunk !== undefined) {
          setChunkStatus(event.stage, event.chunk, event.status);
          line(event.at, `${event.stage} chunks: ${describeChunkCounts(countChunks(chunks.get(event.stage) ?? []))}`);
        }
        for (const map of [outputTail, jobProgress, sparkProgress, sparkUi]) map.delete(unit);
        return;
      }
      case 'stage-retry':
        for (const chunk of event.chunks ?? []) setChunkStatus(event.stage, chunk, 'pending');
        line(event.at, `${event.stage} retry${event.chunks ? `: chunks ${event.chunks.join(', ')}` : ''}`);
        return;
      case 'run-finished': {
        const duration = runStartedAt ? Date.parse(event.at) - Date.parse(runStartedAt) : null;
        line(event.at, `run ${event.status}: exit code ${exitCodeFor(event.status)}, ${formatDuration(duration)}`);
        out.write(`${formatSummaryTable(event.stages).join('\n')}\n`);
        for (const stage of event.stages) {
          if (!stage.chunks) continue;
          const failed = stage.chunks.filter((chunk) => chunk.status === 'failed').map((chunk) => chunk.id);
          out.write(`${stage.name} chunks: ${describeChunkCounts(countChunks(stage.chunks))}${failed.length > 0 ? ` (failed: ${failed.join(', ')})` : ''}\n`);
        }
        const extra = [...formatTableRows(rowsPerTable(event.stages)), ...(event.coverage ? formatCoverageGrid(event.coverage) : [])];
        if (event.qualityGate && !event.qualityGate.passed) extra.push(`quality gate: ${event.qualityGate.message}`);
        if (extra.length > 0) out.write(`${extra.join('\n')}\n`);
        return;
      }
      case 'quality-gate':
        line(event.at, `quality gate after ${event.stage} ${event.gate.passed ? 'passed' : 'FAILED'}: ${event.gate.message}`);
        return;
      case 'stage-output': {
        const tail = outputTail.get(unit) ?? [];
        tail.push(...event.lines.slice(-FAILURE_TAIL_LINES));
        outputTail.set(unit, tail.slice(-FAILURE_TAIL_LINES));
        return;
      }
    }
  };
}
