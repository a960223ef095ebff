import { z } from 'zod';
import type { HostInfo } from '../runs/host-info.js';
import { RUN_EVENT_TYPES } from '../runner/event-types.js';
import type { HostSpec } from '../daemon/runner-host.js';
import type { Plan, RunEvent, RunRecord } from '../runner/types.js';

// Schemas of what the console reads back from disk. Each checks what the console relies on and lets unknown
// fields through, so that a record written by a newer version still reads.

const isoTime = z.string().min(1);
const stageStatus = z.enum(['pending', 'running', 'succeeded', 'failed', 'skipped', 'aborted']);
const runStatus = z.enum(['running', 'succeeded', 'failed', 'aborted']);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

const runParamsSchema = z.looseObject({
  startDate: day,
  endDate: day,
  stages: z.array(z.string()),
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
  chunk: z.string().optional(),
  parallel: z.number().int().positive().optional(),
  failFast: z.boolean().optional(),
  retries: z.number().int().nonnegative().optional(),
  retryDelaySeconds: z.number().nonnegative().optional(),
  minCompleteness: z.number().min(0).max(100).optional(),
  notifyUrl: z.string().optional(),
  notifyCmd: z.string().optional(),
});

const boundedLine = z.string().max(2000);

/** A failed process's cause (src/runner/failure-cause.ts). */
export const failureCauseSchema = z.looseObject({
  kind: z.string().min(1).max(40),
  summary: boundedLine,
  causes: z.array(boundedLine).max(10),
  exit: boundedLine,
  diagnostics: boundedLine.optional(),
  advice: boundedLine.optional(),
  fix: boundedLine.optional(),
});

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
};

const chunkRecordSchema = z.looseObject({ ...processRecordShape, id: z.string().min(1), startDate: day, endDate: day });
const stageRecordSchema = z.looseObject({ ...processRecordShape, name: z.string().min(1), chunks: z.array(chunkRecordSchema).optional() });

export const runRecordSchema: z.ZodType<RunRecord> = z.looseObject({
  id: z.string().min(1),
  params: runParamsSchema,
  status: runStatus,
  startedAt: isoTime,
  finishedAt: isoTime.nullable(),
  stages: z.array(stageRecordSchema),
}) as unknown as z.ZodType<RunRecord>;

export const hostInfoSchema: z.ZodType<HostInfo> = z.looseObject({
  pid: z.number().int().positive(),
  startTime: z.string().optional(),
  startedAt: isoTime,
  mode: z.enum(['detached', 'foreground']),
  resumedFrom: z.string().optional(),
  hostname: z.string().optional(),
  socketPath: z.string().optional(),
}) as unknown as z.ZodType<HostInfo>;

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

/** launch.json: what a runner host is started with. */
export const hostSpecSchema: z.ZodType<HostSpec> = z.looseObject({
  plan: planSchema,
  resume: runRecordSchema.optional(),
  env: z.record(z.string(), z.string()).optional(),
  lock: z.looseObject({ file: z.string(), warehouse: z.string(), runId: z.string(), marker: z.string().optional() }).optional(),
  lingerMs: z.number().nonnegative().optional(),
  sparkUi: z.boolean().optional(),
  socketPath: z.string().optional(),
}) as unknown as z.ZodType<HostSpec>;
