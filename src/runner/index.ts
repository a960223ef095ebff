// The runner's public surface, for the UI, the headless mode and the CLI.
export { defaultPipeline } from './pipeline.js';
export { buildPlan, buildStageCommand, expandArgs, newRunId } from './plan.js';
export { Runner, type RunnerOptions } from './runner.js';
export { exitCodeFor } from './exit-code.js';
export {
  createRunFolder,
  listRuns,
  readEvents,
  readLastRun,
  readRunRecord,
  runFolderPaths,
  type RunFolder,
  type RunListing,
} from './run-folder.js';
export { parseJobProgress } from './job-progress.js';
export { parseSparkProgress, isSparkBarLine } from './spark-progress.js';
export { LineSplitter } from './line-splitter.js';
export { chunkSpecFor, daysInRange, formatChunkSettings, parseChunkSettings, parseChunkSpec, planChunks, type DateChunk } from './chunks.js';
export { countChunks, describeChunkCounts, type ChunkCounts } from './chunk-summary.js';
export type * from './types.js';
