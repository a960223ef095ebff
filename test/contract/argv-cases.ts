import { defaultPipeline } from '../../src/runner/plan/pipeline.js';
import { buildPlan } from '../../src/runner/plan/plan.js';
import type { ChunkSpec, RunParams } from '../../src/runner/plan/plan-types.js';

/** The project root as written in the fixture; the Python side puts its own in its place. */
export const PROJECT = '/PROJECT';

export interface ArgvCase {
  name: string;
  stage: string;
  /** The app, relative to the project root. */
  app: string;
  /** What follows the app on the command line: the job's own arguments. */
  args: string[];
}

const CHUNKS: Array<[string, Partial<RunParams>]> = [
  ...(['none', 'month', 'week', '10d'] as ChunkSpec[]).map((chunk): [string, Partial<RunParams>] => [chunk, chunk === 'none' ? {} : { chunk }]),
  ['month,gold=week', { chunk: 'month', stageChunks: { gold: 'week' } }],
  ['silver=3d', { stageChunks: { silver: '3d' } }],
];
const OPTIONALS: Array<[string, Partial<RunParams>]> = [
  ['no options', {}],
  ['locations file', { locations: `${PROJECT}/config/locations.jsonl` }],
  ['pollutants file', { pollutants: `${PROJECT}/config/pollutants.jsonl` }],
  ['warehouse', { warehouse: 'hdfs://namenode:8020/lake/aq' }],
  ['everything', { locations: `${PROJECT}/config/locations.jsonl`, pollutants: `${PROJECT}/config/pollutants.jsonl`, warehouse: `${PROJECT}/warehouse` }],
];

/** Every argv the pipeline definition produces: each optional flag alone and all together, each chunk form. */
export function argvCases(): ArgvCase[] {
  const cases: ArgvCase[] = [];
  for (const [chunk, chunking] of CHUNKS) {
    for (const [label, extra] of OPTIONALS) {
      const params: RunParams = {
        startDate: '2024-01-30',
        endDate: '2024-03-02',
        stages: ['bronze', 'silver', 'gold'],
        sparkSubmit: ['spark-submit'],
        master: 'local[*]',
        conf: [],
        continueOnFailure: false,
        graceSeconds: 30,
        runsDir: '/runs',
        projectRoot: PROJECT,
        ...chunking,
        ...extra,
      };
      const plan = buildPlan(params, defaultPipeline, 'RUNID');
      for (const stage of plan.stages) {
        const definition = defaultPipeline.stages.find((candidate) => candidate.name === stage.name)!;
        const commands = stage.chunks ? stage.chunks.map((planned) => ({ id: planned.id, command: planned.command })) : [{ id: '', command: stage.command }];
        for (const { id, command } of commands) {
          const appAt = command.indexOf(`${PROJECT}/${definition.app}`);
          cases.push({ name: `${stage.name}${id ? `[${id}]` : ''}, chunk ${chunk}, ${label}`, stage: stage.name, app: definition.app, args: command.slice(appAt + 1) });
        }
      }
    }
  }
  return cases;
}
