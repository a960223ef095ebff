// The runner's public surface, for the UI, the headless mode and the CLI.
export { defaultPipeline } from '../plan/pipeline.js';
export { buildPlan, buildStageCommand, expandArgs, newRunId } from '../plan/plan.js';
export { Runner, type RunnerOptions } from './runner.js';
export { exitCodeFor } from '../run/exit-code.js';
export {
  createRunFolder,
  listRuns,
  readEvents,
  readLastRun,
  readRunRecord,
  runFolderPaths,
  type RunFolder,
  type RunListing,
} from '../folder/run-folder.js';
export { parseJobProgress } from '../process/job-progress.js';
export { parseSparkProgress, isSparkBarLine } from '../process/spark-progress.js';
export { LineSplitter } from '../process/line-splitter.js';
export { chunkSpecFor, daysInRange, formatChunkSettings, parseChunkSettings, parseChunkSpec, planChunks, type DateChunk } from '../plan/chunks.js';
export { countChunks, describeChunkCounts, type ChunkCounts } from '../run/chunk-summary.js';
export type * from '../run/run-types.js';
