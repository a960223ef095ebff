import { randomBytes } from 'node:crypto';
import { defaultPipeline } from './pipeline.js';
import { chunkSpecFor, planChunksAround, type DateChunk } from './chunks.js';
import { buildStageCommand } from './stage-command.js';
import type { PipelineDefinition, Plan, PlannedStage, RunParams, StageDefinition } from './plan-types.js';

export { buildStageCommand, expandArgs } from './stage-command.js';

const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A run id that sorts by start time (UTC): `20261124-011530-k3f9`. */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString(); // 2026-11-24T01:15:30.123Z
  const date = stamp.slice(0, 10).replaceAll('-', '');
  const time = stamp.slice(11, 19).replaceAll(':', '');
  const suffix = Array.from(randomBytes(4), (byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('');
  return `${date}-${time}-${suffix}`;
}

/** Of each stage, the date ranges an earlier run of the same data did already (its succeeded chunks). */
export type DoneRanges = Readonly<Record<string, readonly Omit<DateChunk, 'id'>[]>>;

export function buildPlan(params: RunParams, pipeline: PipelineDefinition = defaultPipeline, runId: string = newRunId(), done: DoneRanges = {}): Plan {
  const known = new Set(pipeline.stages.map((stage) => stage.name));
  const unknown = params.stages.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(`Unknown stage(s) ${unknown.join(', ')}; pipeline ${pipeline.name} has ${[...known].join(', ')}.`);
  }
  return {
    runId,
    params,
    stages: pipeline.stages.map((stage) => planStage(stage, params, runId, done[stage.name] ?? [])),
  };
}

function planStage(stage: StageDefinition, params: RunParams, runId: string, done: readonly Omit<DateChunk, 'id'>[]): PlannedStage {
  const selected = params.stages.includes(stage.name);
  if (!selected) return { name: stage.name, selected, command: [] };
  const spec = chunkSpecFor(params, stage.name);
  const resumed = stage.chunkable && done.length > 0;
  if (!stage.chunkable || (spec === 'none' && !resumed)) return { name: stage.name, selected, command: buildStageCommand(stage, params, runId) };
  // The chunk that starts the range runs as the first (gold's dims with it); kept, it ran so already.
  const chunks = planChunksAround(params.startDate, params.endDate, spec, done).map((chunk) => ({
    ...chunk,
    command: buildStageCommand(stage, params, runId, chunk, chunk.startDate === params.startDate),
  }));
  return { name: stage.name, selected, command: [], chunks };
}
