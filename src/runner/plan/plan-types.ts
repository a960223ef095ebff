// What a run is asked to do: the pipeline's stages, the run's parameters and the plan made of them. Serializable:
// stored in run.json and launch.json.

/** A token of a stage's argument template. A string may hold `{startDate}`-style placeholders
 *  naming a RunParams key; an option token is emitted as `[option, value]` only when the param is set. */
export type ArgToken = string | { option: string; param: keyof RunParams };

export interface StageDefinition {
  name: string;
  /** Path of the PySpark app, relative to the project root. */
  app: string;
  args: ArgToken[];
  /** True when the stage may be split by date into chunks (`--chunk`), each its own submit. */
  chunkable?: boolean;
  /** A chunk's arguments (`{startDate}`/`{endDate}` are the chunk's); default `args`. */
  chunkArgs?: ArgToken[];
  /** The first chunk's arguments, for what a stage writes once (gold's dims); default `chunkArgs`. */
  firstChunkArgs?: ArgToken[];
}

export interface PipelineDefinition {
  name: string;
  stages: StageDefinition[];
}

/** Everything a run needs, fully resolved and validated. Serializable: stored in run.json. */
export interface RunParams {
  startDate: string; // YYYY-MM-DD, inclusive
  endDate: string; // YYYY-MM-DD, inclusive
  /** Names of the stages to run, in pipeline order; the others are recorded as skipped. */
  stages: string[];
  locations?: string;
  pollutants?: string;
  warehouse?: string;
  /** The submit command as argv (usually one element: an absolute path). */
  sparkSubmit: string[];
  master: string;
  /** Extra Spark conf as `key=value` strings, in the order given. */
  conf: string[];
  continueOnFailure: boolean;
  graceSeconds: number;
  runsDir: string;
  /** Absolute path the stage apps are resolved against. */
  projectRoot: string;
  /** How each stage's range is split: `none` (default), `month`, `week` or `<N>d`. */
  chunk?: ChunkSpec;
  /** Per-stage exceptions to `chunk` (`--chunk gold=week`, `--chunk gold=none`). */
  stageChunks?: Record<string, ChunkSpec>;
  /** How many chunks run at once (default 1). */
  parallel?: number;
  /** Stop a chunked stage's other chunks as soon as one fails (default: let them finish). */
  failFast?: boolean;
  /** Times a failed stage (or chunk) is started again before it counts as failed (default 0), each attempt
   *  with its own log; see src/lifecycle/retrying-stage.ts. */
  retries?: number;
  /** Seconds between a failed attempt and the next (default 30). */
  retryDelaySeconds?: number;
  /** Percent of complete hours every location-day needs after silver, or the run fails before gold. */
  minCompleteness?: number;
  /** POSTed the run's summary when it ends. A secret (webhook tokens): redacted in run.json and on screen. */
  notifyUrl?: string;
  /** Run (argv, no shell) with the summary on stdin when the run ends. */
  notifyCmd?: string;
}

/** `none`, `month`, `week` or a number of days such as `10d`. */
export type ChunkSpec = 'none' | 'month' | 'week' | `${number}d`;

/** One date chunk of a chunked stage, as planned. */
export interface PlannedChunk {
  /** Unique within the stage, safe in file and app names: `2024-01` (month) or the chunk's first day. */
  id: string;
  startDate: string;
  endDate: string;
  command: string[];
}

export interface PlannedStage {
  name: string;
  /** Full argv: submit command, spark options, app, app args. Empty for a stage not selected. */
  command: string[];
  selected: boolean;
  /** Set when the stage runs as date chunks; `command` is then empty and each chunk has its own. */
  chunks?: PlannedChunk[];
}

export interface Plan {
  runId: string;
  params: RunParams;
  stages: PlannedStage[];
}
