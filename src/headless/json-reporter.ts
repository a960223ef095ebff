import type { Eta } from '../eta/estimate.js';
import { summaryOf } from '../runner/run/json-summary.js';
import { ProgressThrottle } from './progress-throttle.js';
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
