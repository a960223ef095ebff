import { z } from 'zod';
import { journaledEventSchema, jobProgressSchema, runRecordSchema, type ShapeOf } from '../runner/folder/run-record-schema.js';
import type { ClientMessage, HostMessage, RunSnapshot } from './protocol.js';

// What may come over the control socket, checked on arrival: a client cannot crash the host with `null` or a
// half-formed command, and a host from another version cannot feed a console garbage.

const stageName = z.string().min(1).max(200);

const commandSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('abort') }),
  z.strictObject({ type: z.literal('skip'), stage: stageName }),
  z.strictObject({ type: z.literal('retry'), stage: stageName }),
]);

export const clientMessageSchema: z.ZodType<ClientMessage> = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('hello'), protocol: z.number().int(), version: z.string().max(100) }),
  z.looseObject({ type: z.literal('command'), command: commandSchema }),
  z.looseObject({ type: z.literal('ping'), id: z.number().int() }),
]);

const snapshotSchema = z.looseObject({
  record: runRecordSchema,
  runDir: z.string(),
  live: z.boolean(),
  progress: z.record(z.string(), jobProgressSchema),
  logTails: z.record(z.string(), z.array(z.string())),
} satisfies ShapeOf<RunSnapshot>);

type HostMessageOf<T extends HostMessage['type']> = Extract<HostMessage, { type: T }>;

/** Assigned to its type without a cast, each message `satisfies ShapeOf` its own: a message or field added to
 *  HostMessage without a check here does not compile. */
export const hostMessageSchema: z.ZodType<HostMessage> = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('hello'), protocol: z.number().int(), version: z.string(), runId: z.string(), pid: z.number().int() } satisfies ShapeOf<HostMessageOf<'hello'>>),
  z.looseObject({ type: z.literal('snapshot'), snapshot: snapshotSchema } satisfies ShapeOf<HostMessageOf<'snapshot'>>),
  z.looseObject({ type: z.literal('event'), event: journaledEventSchema } satisfies ShapeOf<HostMessageOf<'event'>>),
  z.looseObject({ type: z.literal('pong'), id: z.number().int() } satisfies ShapeOf<HostMessageOf<'pong'>>),
  z.looseObject({ type: z.literal('error'), message: z.string() } satisfies ShapeOf<HostMessageOf<'error'>>),
]);
