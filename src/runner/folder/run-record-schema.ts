import { z } from 'zod';
import {
  type ChunkRecord,
  type JobProgress,
  type SparkAppInfo,
  type SparkStageProgress,
  type SparkUiSnapshot,
  type CommitRecord,
  type Coverage,
  type QualityGate,
  type RunRecord,
  type SparkMemory,
  type SparkMemoryWarning,
  type StageRecord,
  FAILURE_KINDS,
  type FailureCause,
} from '../run/run-types.js';
import { folderNameSchema } from './folder-names.js';
import { type RunEvent, type RunEventOf } from '../run/events.js';
import { type Plan, type PlannedChunk, type PlannedStage, type RunParams } from '../plan/plan-types.js';

// Schemas of what the console reads back from disk. Each checks what the console relies on and lets unknown
// fields through, so that a record written by a newer version still reads. "Relies on" is meant literally:
// every time is one `Date` can read, every day a real calendar day, every array of the shape its readers map
// over; a record that passes is one no reader (show, attach, resume, history, the coverage grid) trips on.

/** `YYYY-MM-DD` that is a real day (not 2024-02-31, which `Date` would roll over to March). */
function isRealDay(text: string): boolean {
  const time = Date.parse(`${text.slice(0, 10)}T00:00:00Z`);
  return Number.isFinite(time) && new Date(time).toISOString().slice(0, 10) === text.slice(0, 10);
}

/** An ISO time with its offset, of a real day. */
export const isoTime = z.iso.datetime({ offset: true }).refine(isRealDay, 'expected a real date and time');
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine(isRealDay, 'expected a real day');
const stageStatus = z.enum(['pending', 'running', 'succeeded', 'failed', 'skipped', 'aborted']);
const runStatus = z.enum(['running', 'succeeded', 'failed', 'aborted']);
/** A schema's fields for type T: each of T's fields, and no other, so a field added to T without a check here
 *  does not compile. */
export type ShapeOf<T> = { [K in keyof T]-?: z.ZodType };

const chunkSpec = z.union([z.enum(['none', 'month', 'week']), z.templateLiteral([z.number().int().positive(), 'd'])]);

const runParamsSchema = z.looseObject({
  startDate: day,
  endDate: day,
  stages: z.array(folderNameSchema),
  locations: z.string().optional(),
  pollutants: z.string().optional(),
  warehouse: z.string().optional(),
  sparkSubmit: z.array(z.string()).min(1),
  master: z.string(),
  conf: z.array(z.string()),
  continueOnFailure: z.boolean(),
  graceSeconds: z.number().nonnegative(),
  runsDir: z.string(),
  projectRoot: z.string(),
  chunk: chunkSpec.optional(),
  stageChunks: z.record(z.string(), chunkSpec).optional(),
  parallel: z.number().int().positive().optional(),
  failFast: z.boolean().optional(),
  retries: z.number().int().nonnegative().optional(),
  retryDelaySeconds: z.number().nonnegative().optional(),
  minCompleteness: z.number().min(0).max(100).optional(),
  notifyUrl: z.string().optional(),
  notifyCmd: z.string().optional(),
} satisfies ShapeOf<RunParams>);

export const commitSchema = z.looseObject({
  table: z.string().min(1),
  snapshotId: z.string().min(1),
  parentSnapshotId: z.string().min(1).nullable(),
  rowsWritten: z.number().nonnegative(),
} satisfies ShapeOf<CommitRecord>);

export const coverageSchema = z.looseObject({
  start: day,
  end: day,
  hoursPerDay: z.number().positive(),
  pollutants: z.array(z.string()),
  locations: z.record(z.string(), z.array(z.number().nonnegative())),
} satisfies ShapeOf<Coverage>);

const qualityGateSchema = z.looseObject({
  passed: z.boolean(),
  minCompleteness: z.number().min(0).max(100),
  worst: z.array(z.looseObject({ location: z.string(), date: day, completeHours: z.number(), percent: z.number() })),
  message: z.string(),
} satisfies ShapeOf<QualityGate>);

const bytes = z.number().nonnegative();
const sparkMemorySchema = z.looseObject({
  heap: z.looseObject({ peakBytes: bytes, maxBytes: bytes, executor: z.string() }).optional(),
  driverOnly: z.boolean().optional(),
  gcTimeMs: z.number().nonnegative(),
  taskTimeMs: z.number().nonnegative(),
  memorySpilledBytes: bytes,
  diskSpilledBytes: bytes,
} satisfies ShapeOf<SparkMemory>);
const memoryWarningSchema = z.looseObject({ kind: z.enum(['gc', 'heap']), share: z.number(), message: z.string() } satisfies ShapeOf<SparkMemoryWarning>);

const boundedLine = z.string().max(2000);

/** A failed process's cause (src/runner/process/failure-cause.ts). */
export const failureCauseSchema = z.looseObject({
  kind: z.enum(FAILURE_KINDS),
  summary: boundedLine,
  causes: z.array(boundedLine).max(10),
  exit: boundedLine,
  diagnostics: boundedLine.optional(),
  advice: boundedLine.optional(),
  fix: boundedLine.optional(),
} satisfies ShapeOf<FailureCause>);

const processRecordShape = {
  status: stageStatus,
  command: z.array(z.string()),
  startedAt: isoTime.nullable(),
  finishedAt: isoTime.nullable(),
  durationMs: z.number().nullable(),
  exitCode: z.number().nullable(),
  signal: z.string().nullable(),
  // A cause that does not read is dropped, not the record: it only explains.
  failure: failureCauseSchema.optional().catch(undefined),
  spark: z.looseObject({ uiUrl: z.string().optional(), appId: z.string().optional(), trackingUrl: z.string().optional(), master: z.string().optional(), finalState: z.string().optional() }).optional(),
  memory: sparkMemorySchema.optional(),
  memoryWarnings: z.array(memoryWarningSchema).optional(),
  commits: z.array(commitSchema).optional(),
};

const chunkRecordSchema = z.looseObject({ ...processRecordShape, id: folderNameSchema, startDate: day, endDate: day } satisfies ShapeOf<ChunkRecord>);
const stageRecordSchema = z.looseObject({ ...processRecordShape, name: folderNameSchema, chunks: z.array(chunkRecordSchema).optional() } satisfies ShapeOf<StageRecord>);

const storedRunRecordSchema = z.looseObject({
  id: folderNameSchema,
  params: runParamsSchema,
  status: runStatus,
  startedAt: isoTime,
  finishedAt: isoTime.nullable(),
  stages: z.array(stageRecordSchema),
  coverage: coverageSchema.optional(),
  qualityGate: qualityGateSchema.optional(),
} satisfies ShapeOf<RunRecord>);

/** run.json as read: the schema's own type. The readers take a RunRecord; this assignment does not compile
 *  unless every record the schema passes is one (and ShapeOf above: unless every field of it is checked). */
export type StoredRunRecord = z.infer<typeof storedRunRecordSchema>;
export const runRecordSchema: z.ZodType<RunRecord> = storedRunRecordSchema;

const stageName = folderNameSchema;
const stopReason = z.enum(['abort', 'skip']);
const stopSignal = z.enum(['SIGTERM', 'SIGKILL']);
const finishedStatus = z.enum(['succeeded', 'failed', 'skipped', 'aborted']);
const count = z.number().int().nonnegative();

/** A job's `BACKFILL_PROGRESS` as the console keeps it (src/runner/process/job-progress.ts reads the line with it). */
export const jobProgressSchema = z.object({
  done: z.number().nonnegative(),
  total: z.number().nonnegative(),
  // A unit that is not text is dropped, not the progress.
  unit: z.string().optional().catch(undefined),
} satisfies ShapeOf<JobProgress>);

const sparkStageProgressSchema = z.looseObject({ stageId: z.number().int(), done: count, running: count, total: count } satisfies ShapeOf<SparkStageProgress>);
const sparkAppSchema = z.looseObject({
  uiUrl: z.string().optional(),
  appId: z.string().optional(),
  trackingUrl: z.string().optional(),
  master: z.string().optional(),
  finalState: z.string().optional(),
} satisfies ShapeOf<SparkAppInfo>);
// As the driver's REST API reports them (src/spark/rest-client.ts): numbers, no more.
const sparkUiShape = {
  url: z.string(),
  appId: z.string().optional(),
  completedTasks: z.number(),
  totalTasks: z.number(),
  activeStages: z.number(),
  failedTasks: z.number(),
  executors: z.number(),
} satisfies ShapeOf<SparkUiSnapshot>;

/** What every event from a process's output carries: when, and which process said it. */
const fromProcess = { at: isoTime, stage: stageName, chunk: stageName.optional() };
// As run.json's process records have them.
const outcome = { status: finishedStatus, exitCode: z.number().nullable(), signal: z.string().nullable(), durationMs: z.number().nullable() };

/** Every kind of run event, each with every field checked: what the journal (events.ndjson), the control socket
 *  and the store accept as an event. No check is stricter than what the event's writer guarantees (an event the
 *  runner sends must never be refused), and what goes into run.json is checked as run.json's schema checks it.
 *  The kinds are listed here once (RUN_EVENT_TYPES is read off them); each object `satisfies ShapeOf` its event,
 *  and the union is assigned to `z.ZodType<RunEvent>` without a cast, so an event, or a field of one, added to
 *  the type without a check here does not compile. */
const runEventUnion = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('run-started'),
    at: isoTime,
    runId: folderNameSchema,
    runDir: z.string(),
    params: runParamsSchema,
    stages: z.array(stageRecordSchema),
  } satisfies ShapeOf<RunEventOf<'run-started'>>),
  z.looseObject({ type: z.literal('stage-started'), at: isoTime, stage: stageName, command: z.array(z.string()), pid: z.number().int().optional() } satisfies ShapeOf<
    RunEventOf<'stage-started'>
  >),
  z.looseObject({
    type: z.literal('chunk-started'),
    at: isoTime,
    stage: stageName,
    chunk: stageName,
    command: z.array(z.string()),
    pid: z.number().int().optional(),
  } satisfies ShapeOf<RunEventOf<'chunk-started'>>),
  z.looseObject({ type: z.literal('stage-output'), ...fromProcess, lines: z.array(z.string()) } satisfies ShapeOf<RunEventOf<'stage-output'>>),
  z.looseObject({ type: z.literal('stage-progress'), at: isoTime, stage: stageName, progress: jobProgressSchema } satisfies ShapeOf<RunEventOf<'stage-progress'>>),
  z.looseObject({ type: z.literal('chunk-progress'), at: isoTime, stage: stageName, chunk: stageName, progress: jobProgressSchema } satisfies ShapeOf<
    RunEventOf<'chunk-progress'>
  >),
  z.looseObject({ type: z.literal('spark-progress'), ...fromProcess, sparkStages: z.array(sparkStageProgressSchema) } satisfies ShapeOf<RunEventOf<'spark-progress'>>),
  z.looseObject({ type: z.literal('stage-stopping'), at: isoTime, stage: stageName, reason: stopReason, signal: stopSignal } satisfies ShapeOf<RunEventOf<'stage-stopping'>>),
  z.looseObject({ type: z.literal('chunk-stopping'), at: isoTime, stage: stageName, chunk: stageName, reason: stopReason, signal: stopSignal } satisfies ShapeOf<
    RunEventOf<'chunk-stopping'>
  >),
  z.looseObject({ type: z.literal('stage-finished'), at: isoTime, stage: stageName, ...outcome } satisfies ShapeOf<RunEventOf<'stage-finished'>>),
  z.looseObject({ type: z.literal('chunk-finished'), at: isoTime, stage: stageName, chunk: stageName, ...outcome } satisfies ShapeOf<RunEventOf<'chunk-finished'>>),
  z.looseObject({ type: z.literal('stage-retry'), at: isoTime, stage: stageName, chunks: z.array(stageName).optional() } satisfies ShapeOf<RunEventOf<'stage-retry'>>),
  z.looseObject({ type: z.literal('spark-app'), ...fromProcess, app: sparkAppSchema } satisfies ShapeOf<RunEventOf<'spark-app'>>),
  z.looseObject({ type: z.literal('spark-ui'), ...fromProcess, ...sparkUiShape } satisfies ShapeOf<RunEventOf<'spark-ui'>>),
  z.looseObject({ type: z.literal('spark-memory'), ...fromProcess, memory: sparkMemorySchema } satisfies ShapeOf<RunEventOf<'spark-memory'>>),
  z.looseObject({ type: z.literal('spark-memory-warning'), ...fromProcess, warning: memoryWarningSchema } satisfies ShapeOf<RunEventOf<'spark-memory-warning'>>),
  z.looseObject({
    type: z.literal('yarn-kill'),
    ...fromProcess,
    appId: z.string(),
    ok: z.boolean(),
    message: z.string(),
    finalState: z.string().optional(),
  } satisfies ShapeOf<RunEventOf<'yarn-kill'>>),
  // The one event whose fields go into a record as they are: checked as run.json's would be.
  z.looseObject({ type: z.literal('failure-cause'), ...fromProcess, cause: failureCauseSchema } satisfies ShapeOf<RunEventOf<'failure-cause'>>),
  z.looseObject({ type: z.literal('storage-error'), at: isoTime, path: z.string(), message: z.string() } satisfies ShapeOf<RunEventOf<'storage-error'>>),
  z.looseObject({
    type: z.literal('job-result'),
    ...fromProcess,
    rowsWritten: z.record(z.string(), count),
    commits: z.array(commitSchema),
    coverage: coverageSchema.optional(),
  } satisfies ShapeOf<RunEventOf<'job-result'>>),
  z.looseObject({ type: z.literal('quality-gate'), at: isoTime, stage: stageName, gate: qualityGateSchema } satisfies ShapeOf<RunEventOf<'quality-gate'>>),
  z.looseObject({
    type: z.literal('run-finished'),
    at: isoTime,
    status: z.enum(['succeeded', 'failed', 'aborted']),
    stages: z.array(stageRecordSchema),
    coverage: coverageSchema.optional(),
    qualityGate: qualityGateSchema.optional(),
  } satisfies ShapeOf<RunEventOf<'run-finished'>>),
]);

/** A run event as journaled or sent over the control socket. An event that fails (an unknown kind, a field
 *  missing or of the wrong shape) is skipped by the journal's reader and refused by the socket's decoder. */
export const journaledEventSchema: z.ZodType<RunEvent> = runEventUnion;

/** Every kind of run event, once (read off the schema): what the store takes for an event. */
export const RUN_EVENT_TYPES: ReadonlyArray<RunEvent['type']> = runEventUnion.options.map((option) => option.shape.type.value);

// Fails to compile when a kind of event has no schema above.
type MissingEvent = Exclude<RunEvent['type'], z.output<typeof runEventUnion>['type']>;
const everyEvent: MissingEvent extends never ? true : MissingEvent = true;
void everyEvent;

const plannedChunkSchema = z.looseObject({ id: z.string().min(1), startDate: day, endDate: day, command: z.array(z.string()) } satisfies ShapeOf<PlannedChunk>);
const plannedStageSchema = z.looseObject({
  name: z.string().min(1),
  command: z.array(z.string()),
  selected: z.boolean(),
  chunks: z.array(plannedChunkSchema).optional(),
} satisfies ShapeOf<PlannedStage>);

/** A plan as the launcher hands it to a runner host (launch.json). */
export const planSchema: z.ZodType<Plan> = z.looseObject({
  runId: z.string().min(1),
  params: runParamsSchema,
  stages: z.array(plannedStageSchema),
} satisfies ShapeOf<Plan>);
