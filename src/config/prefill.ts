import { formatChunkSettings } from '../runner/plan/chunks.js';
import { defaultOptions } from './defaults.js';
import type { BackfillOptions } from './options.js';
import type { RunParams } from '../runner/plan/plan-types.js';

/** A recorded run's choices as options again (the way the setup screen and `resume` start from them). */
export function optionsFromParams(params: RunParams): Omit<BackfillOptions, 'sparkSubmit' | 'runsDir'> {
  return {
    startDate: params.startDate,
    endDate: params.endDate,
    skipBronze: !params.stages.includes('bronze'),
    skipSilver: !params.stages.includes('silver'),
    skipGold: !params.stages.includes('gold'),
    locations: params.locations ?? '',
    pollutants: params.pollutants ?? '',
    warehouse: params.warehouse ?? '',
    master: params.master,
    conf: params.conf,
    continueOnFailure: params.continueOnFailure,
    grace: params.graceSeconds,
    chunk: formatChunkSettings(params),
    parallel: params.parallel ?? 1,
    failFast: params.failFast ?? false,
  };
}

/** The setup screen's starting values: the flags given, then the last run's choices, then the defaults.
 *  The submit command is not carried over from the last run: it is resolved afresh each time. */
export function prefillOptions(fromFlags: Partial<BackfillOptions>, lastRun?: RunParams): BackfillOptions {
  const fromLastRun: Partial<BackfillOptions> = lastRun ? optionsFromParams(lastRun) : {};
  return { ...defaultOptions(), ...fromLastRun, ...fromFlags };
}

/** Options from flags and defaults only (headless, --yes): a run never silently reuses the last one's range. */
export function optionsFromFlagsAndDefaults(fromFlags: Partial<BackfillOptions>): BackfillOptions {
  return { ...defaultOptions(), ...fromFlags };
}
