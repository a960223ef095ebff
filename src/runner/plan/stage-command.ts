import path from 'node:path';
import type { DateChunk } from './chunks.js';
import type { ArgToken, RunParams, StageDefinition } from './plan-types.js';

const PLACEHOLDER = /\{(\w+)\}/g;

function paramText(params: RunParams, key: string): string | undefined {
  // A placeholder names a param by its text: looked up among the params' own fields, never the prototype's.
  const value: unknown = Object.entries(params).find(([name]) => name === key)?.[1];
  if (value === undefined || value === null || value === '') return undefined;
  return Array.isArray(value) ? value.join(',') : String(value);
}

/** Expands a stage's argument template against the run's params. */
export function expandArgs(tokens: readonly ArgToken[], params: RunParams): string[] {
  const args: string[] = [];
  for (const token of tokens) {
    if (typeof token === 'string') {
      args.push(
        token.replace(PLACEHOLDER, (_match, key: string) => {
          const text = paramText(params, key);
          if (text === undefined) throw new Error(`Argument "${token}" needs ${key}, which is not set.`);
          return text;
        }),
      );
      continue;
    }
    const text = paramText(params, token.param);
    if (text !== undefined) args.push(token.option, text);
  }
  return args;
}

/** The full argv of one stage: submit command, spark options, absolute app path, app args.
 *  With a chunk: named `backfill-<run>-<stage>-<chunkId>`, with the chunk's dates as the range and the
 *  stage's chunk arguments (the first chunk's when `first`). */
export function buildStageCommand(stage: StageDefinition, params: RunParams, runId: string, chunk?: DateChunk, first = false): string[] {
  const conf = params.conf.flatMap((entry) => ['--conf', entry]);
  const argParams = chunk ? { ...params, startDate: chunk.startDate, endDate: chunk.endDate } : params;
  return [
    ...params.sparkSubmit,
    '--master',
    params.master,
    '--name',
    chunk ? `backfill-${runId}-${stage.name}-${chunk.id}` : `backfill-${runId}-${stage.name}`,
    '--conf',
    'spark.ui.showConsoleProgress=true',
    ...conf,
    path.resolve(params.projectRoot, stage.app),
    ...expandArgs(chunk ? chunkArgs(stage, first) : stage.args, argParams),
  ];
}

function chunkArgs(stage: StageDefinition, first: boolean): ArgToken[] {
  return (first ? stage.firstChunkArgs : undefined) ?? stage.chunkArgs ?? stage.args;
}
