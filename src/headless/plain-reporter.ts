import { exitCodeFor } from '../runner/exit-code.js';
import type { JobProgress, RunEvent, SparkStageProgress } from '../runner/types.js';
import {
  describeJobProgress,
  describeSparkProgress,
  formatDuration,
  formatSummaryTable,
  formatTimestamp,
  shellQuote,
} from './format.js';
import { ProgressThrottle } from './progress-throttle.js';
import type { Reporter, ReporterOptions, TextSink } from './reporter.js';

/** Lines of a failed stage's output repeated under its end line, so a CI log shows why. */
export const FAILURE_TAIL_LINES = 10;

/** Human-readable lines for logs and CI: `2026-11-24 01:15:02 bronze started: spark-submit ...`. */
export function createPlainReporter(out: TextSink, options: ReporterOptions = {}): Reporter {
  const throttle = new ProgressThrottle(options.progressIntervalMs);
  const jobProgress = new Map<string, JobProgress>();
  const sparkProgress = new Map<string, SparkStageProgress[]>();
  const outputTail = new Map<string, string[]>();
  let runStartedAt: string | undefined;
  let runDir: string | undefined;

  const line = (at: string, text: string) => out.write(`${formatTimestamp(at)} ${text}\n`);

  const reportProgress = (at: string, stage: string) => {
    if (!throttle.allow(stage, at)) return;
    const job = jobProgress.get(stage);
    const spark = sparkProgress.get(stage) ?? [];
    const parts = [job ? describeJobProgress(job) : undefined, spark.length > 0 ? describeSparkProgress(spark) : undefined];
    line(at, `${stage} progress: ${parts.filter(Boolean).join('; ')}`);
  };

  return (event: RunEvent) => {
    switch (event.type) {
      case 'run-started': {
        runStartedAt = event.at;
        runDir = event.runDir;
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
      case 'stage-progress':
        jobProgress.set(event.stage, event.progress);
        reportProgress(event.at, event.stage);
        return;
      case 'spark-progress':
        sparkProgress.set(event.stage, event.sparkStages);
        if (event.sparkStages.length > 0) reportProgress(event.at, event.stage);
        return;
      case 'stage-stopping':
        line(event.at, `${event.stage} stopping (${event.reason}): ${event.signal} sent to its process group`);
        return;
      case 'stage-finished': {
        const how = [
          event.exitCode !== null ? `exit code ${event.exitCode}` : undefined,
          event.signal !== null ? `signal ${event.signal}` : undefined,
          event.durationMs !== null ? formatDuration(event.durationMs) : undefined,
        ].filter(Boolean);
        line(event.at, `${event.stage} ${event.status}${how.length > 0 ? `: ${how.join(', ')}` : ''}`);
        if (event.status === 'failed') {
          for (const tailLine of outputTail.get(event.stage) ?? []) out.write(`    | ${tailLine}\n`);
          if (runDir) out.write(`    full log: ${runDir}/logs/${event.stage}.log\n`);
        }
        outputTail.delete(event.stage);
        return;
      }
      case 'stage-retry':
        line(event.at, `${event.stage} retry`);
        return;
      case 'run-finished': {
        const duration = runStartedAt ? Date.parse(event.at) - Date.parse(runStartedAt) : null;
        line(event.at, `run ${event.status}: exit code ${exitCodeFor(event.status)}, ${formatDuration(duration)}`);
        out.write(`${formatSummaryTable(event.stages).join('\n')}\n`);
        return;
      }
      case 'stage-output': {
        const tail = outputTail.get(event.stage) ?? [];
        tail.push(...event.lines.slice(-FAILURE_TAIL_LINES));
        outputTail.set(event.stage, tail.slice(-FAILURE_TAIL_LINES));
        return;
      }
    }
  };
}
