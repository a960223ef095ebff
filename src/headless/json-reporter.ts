import type { Eta } from '../eta/estimate.js';
import { summaryOf } from '../runner/run/json-summary.js';
import { ProgressThrottle } from './progress-throttle.js';
import { createReportFold } from './report-fold.js';
import type { Reporter, ReporterOptions, TextSink } from './reporter.js';
import { terminalSafeJson } from '../text/terminal-safe.js';
import type { RunEvent } from '../runner/run/events.js';

/** Written with progress, at most once per progress interval: `{"type":"eta","at":...,"stages":{"bronze":{...}},"run":{...}}`. */
export interface JsonEta {
  type: 'eta';
  at: string;
  stages: Record<string, Eta>;
  run: Eta | null;
}

/**
 * One JSON object per line: the run's events (no stage output; progress and Spark UI polls throttled per
 * stage and chunk), ETA lines when an ETA history is given, and a `summary` line once the run has finished.
 * Like the plain reporter it folds the run (report-fold.ts): the ETA and the summary come from that state.
 */
export function createJsonReporter(out: TextSink, options: ReporterOptions = {}): Reporter {
  const throttle = new ProgressThrottle<RunEvent>(options.progressIntervalMs);
  const throttleKey = (event: { type: string; stage: string; chunk?: string }) => `${event.type}:${event.stage}:${event.chunk ?? ''}`;
  const print = (value: unknown) => out.write(`${terminalSafeJson(JSON.stringify(value))}\n`);
  const fold = createReportFold(options.etaHistory);
  const withEta = options.etaHistory !== undefined;

  return (event: RunEvent) => {
    fold.apply(event);
    switch (event.type) {
      case 'stage-output':
        return;
      case 'run-finished': {
        print(event);
        // The fold's state, the run-finished event applied; the event itself for a run heard only at its end.
        const run = fold.run;
        print(summaryOf(run && run.status !== 'running' ? { ...run, status: run.status } : event));
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
        const estimate = withEta && throttle.allow('eta', event.at) ? fold.etas(Date.parse(event.at)) : undefined;
        if (estimate) {
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
