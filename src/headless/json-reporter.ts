import type { RunEvent, RunStatus, StageStatus } from '../runner/types.js';
import { ProgressThrottle } from './progress-throttle.js';
import type { Reporter, ReporterOptions, TextSink } from './reporter.js';

export interface JsonSummary {
  type: 'summary';
  status: Exclude<RunStatus, 'running'>;
  stages: Array<{ name: string; status: StageStatus; exitCode: number | null; durationMs: number | null }>;
}

/**
 * One JSON object per line: the run's events (no stage output, progress throttled per stage),
 * ending with a `summary` line once the run has finished.
 */
export function createJsonReporter(out: TextSink, options: ReporterOptions = {}): Reporter {
  const throttle = new ProgressThrottle(options.progressIntervalMs);
  const print = (value: unknown) => out.write(`${JSON.stringify(value)}\n`);

  return (event: RunEvent) => {
    switch (event.type) {
      case 'stage-output':
        return;
      case 'stage-progress':
      case 'spark-progress':
        if (throttle.allow(`${event.type}:${event.stage}`, event.at)) print(event);
        return;
      case 'run-finished': {
        print(event);
        const summary: JsonSummary = {
          type: 'summary',
          status: event.status,
          stages: event.stages.map(({ name, status, exitCode, durationMs }) => ({ name, status, exitCode, durationMs })),
        };
        print(summary);
        return;
      }
      default:
        print(event);
    }
  };
}
