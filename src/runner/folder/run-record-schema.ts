import { z } from 'zod';
import { RUN_EVENT_TYPES } from '../run/event-types.js';
import {
  type ChunkRecord,
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
import { type RunEvent } from '../run/events.js';
import { type Plan, type RunParams } from '../plan/plan-types.js';

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
type ShapeOf<T> = { [K in keyof T]-?: z.ZodType };

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

const commitSchema = z.looseObject({
  table: z.string().min(1),
  snapshotId: z.string().min(1),
  parentSnapshotId: z.string().min(1).nullable(),
  rowsWritten: z.number().nonnegative(),
} satisfies ShapeOf<CommitRecord>);

const coverageSchema = z.looseObject({
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

/** An event as journaled: a known type and a time. Readers of particular fields check them where they read. */
export const journaledEventSchema: z.ZodType<RunEvent> = z
  .looseObject({
    type: z.enum(RUN_EVENT_TYPES),
    at: isoTime,
    // The one event whose fields go into a record as they are: checked here, as run.json's would be.
    cause: z.unknown().optional(),
  })
  .refine((event) => event.type !== 'failure-cause' || failureCauseSchema.safeParse(event.cause).success, {
    message: 'a failure-cause event without a valid cause',
  }) as unknown as z.ZodType<RunEvent>;

const plannedChunkSchema = z.looseObject({ id: z.string().min(1), startDate: day, endDate: day, command: z.array(z.string()) });

/** A plan as the launcher hands it to a runner host (launch.json). */
export const planSchema: z.ZodType<Plan> = z.looseObject({
  runId: z.string().min(1),
  params: runParamsSchema,
  stages: z.array(
    z.looseObject({ name: z.string().min(1), command: z.array(z.string()), selected: z.boolean(), chunks: z.array(plannedChunkSchema).optional() }),
  ),
}) as unknown as z.ZodType<Plan>;
