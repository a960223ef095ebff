import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/components/App.js';
import type { EtaHistory } from '../../src/eta/eta-history.js';
import type { ChunkRecord, StageRecord } from '../../src/runner/run/run-types.js';
import { createAppStore } from '../../src/state/store.js';
import { at, PARAMS, planFor, records, validOptions } from '../state/run-fixtures.js';
import { FakeController, tick } from './fake-controller.js';
import { RUN_KEY_BINDINGS } from '../../src/keys/key-bindings.js';
import type { RunEvent } from '../../src/runner/run/events.js';
import type { RunParams } from '../../src/runner/plan/plan-types.js';

afterEach(() => cleanup());

const CHUNKED: RunParams = { ...PARAMS, startDate: '2024-01-01', endDate: '2024-12-31', chunk: 'month', parallel: 3 };
const MONTHS = Array.from({ length: 12 }, (_, index) => `2024-${String(index + 1).padStart(2, '0')}`);

function chunkRecord(id: string): ChunkRecord {
  return { id, startDate: `${id}-01`, endDate: `${id}-28`, status: 'pending', command: ['spark-submit', id], startedAt: null, finishedAt: null, durationMs: null, exitCode: null, signal: null };
}

function chunkedRecords(): StageRecord[] {
  const [bronze, ...rest] = records();
  return [{ ...bronze!, command: [], chunks: MONTHS.map(chunkRecord) }, ...rest];
}

const chunkStarted = (chunk: string, seconds: number): RunEvent => ({ type: 'chunk-started', at: at(seconds), stage: 'bronze', command: ['spark-submit', chunk], pid: 100, chunk });
const chunkOutput = (chunk: string, lines: string[], seconds: number): RunEvent => ({ type: 'stage-output', at: at(seconds), stage: 'bronze', lines, chunk });
const chunkFinished = (chunk: string, status: 'succeeded' | 'failed', seconds: number): RunEvent => ({
  type: 'chunk-finished', at: at(seconds), stage: 'bronze', status, exitCode: status === 'succeeded' ? 0 : 1, signal: null, durationMs: 5_000, chunk,
});

async function renderChunkedRun(etaHistory?: (params: RunParams) => EtaHistory) {
  const controller = new FakeController();
  const store = createAppStore({ initialOptions: validOptions(), logCapacity: 1000 });
  const view = render(
    <App
      initialOptions={validOptions()}
      skipSetup
      validate={() => ({ ok: true, params: CHUNKED })}
      preview={(params) => planFor(params)}
      startRun={() => controller}
      onExit={() => {}}
      store={store}
      eventFlushMs={0}
      {...(etaHistory ? { etaHistory } : {})}
    />,
  );
  await tick();
  controller.emit(
    { type: 'run-started', at: at(0), runId: 'r1', runDir: '/tmp/runs/r1', params: CHUNKED, stages: chunkedRecords() },
    { type: 'stage-started', at: at(1), stage: 'bronze', command: [], pid: undefined },
    chunkStarted('2024-01', 1), chunkStarted('2024-02', 1), chunkStarted('2024-03', 1),
    chunkOutput('2024-01', ['january line'], 2), chunkOutput('2024-02', ['february line'], 2), chunkOutput('2024-03', ['march line'], 2),
    chunkFinished('2024-01', 'succeeded', 6), chunkStarted('2024-04', 6),
    chunkFinished('2024-02', 'failed', 7), chunkStarted('2024-05', 7),
    chunkOutput('2024-05', ['may line'], 8),
    { type: 'spark-app', at: at(8), stage: 'bronze', chunk: '2024-05', app: { appId: 'application_1700000000000_0042', trackingUrl: 'http://rm:8088/proxy/application_1700000000000_0042/' } },
  );
  await tick();
  const frame = () => view.lastFrame() ?? '';
  const press = async (input: string) => {
    view.stdin.write(input);
    await tick();
  };
  return { ...view, frame, press, controller, store };
}

const logTitle = (frame: string) => frame.split('\n').find((line) => line.startsWith('── log:')) ?? '';

describe('run screen with a chunked bronze', () => {
  it('shows the chunk grid with counts under the bronze row', async () => {
    const { frame } = await renderChunkedRun();
    const lines = frame().split('\n');
    const bronze = lines.findIndex((line) => line.includes('bronze') && line.includes('running'));
    expect(lines[bronze + 1]).toContain('✔✘▶▶▶·······');
    expect(lines[bronze + 1]).toContain('1 done, 3 running, 1 failed, 7 pending');
    expect(lines.at(-1)).toContain('c chunk');
    // The grid's row is counted: the screen still fits the 24-row terminal, with its spare row.
    expect(lines.length).toBe(23);
  });

  it('switches the log pane between chunks with c: running first, then failed, then done, then the whole stage', async () => {
    const { frame, press, stdout } = await renderChunkedRun();
    Object.defineProperty(stdout, 'columns', { value: 200, configurable: true });
    stdout.emit('resize');
    await tick();
    expect(logTitle(frame())).toContain('log: bronze ·');
    expect(frame()).toContain('[2024-01] january line');

    await press('c');
    expect(logTitle(frame())).toContain('bronze[2024-03] running 3/12');
    expect(frame()).toContain('march line');
    expect(frame()).not.toContain('january line');

    await press('c');
    await press('c');
    expect(logTitle(frame())).toContain('bronze[2024-05] running');
    expect(logTitle(frame())).toContain('YARN application_1700000000000_0042 http://rm:8088/proxy/application_1700000000000_0042/');
    expect(frame()).toContain('may line');

    await press('c');
    expect(logTitle(frame())).toContain('bronze[2024-02] failed');
    expect(frame()).toContain('february line');
    await press('c');
    expect(logTitle(frame())).toContain('bronze[2024-01] succeeded');
    await press('c');
    expect(logTitle(frame())).toContain('log: bronze ·');
  });

  it('lists the chunk key in the ? overlay, whichever stage is selected', async () => {
    const { frame, press } = await renderChunkedRun();
    const chunkKey = RUN_KEY_BINDINGS.find((binding) => binding.command === 'nextChunk')!;
    await press('\u001b[B');
    await press('?');
    expect(frame()).toContain(chunkKey.description);
  });

  it('explains c on a stage that does not run in chunks', async () => {
    const { frame, press } = await renderChunkedRun();
    await press('\u001b[B');
    await press('c');
    expect(frame()).toContain('silver does not run in chunks');
    expect(frame().split('\n').at(-1)).not.toContain('chunk');
  });

  it('logs a kill on the cluster of a chunk in the stage log and the chunk log, in the words of how it was done', async () => {
    const { frame, press, controller } = await renderChunkedRun();
    const message = 'application_1_0003 killed on the ResourceManager http://rm:8088';
    controller.emit({ type: 'yarn-kill', at: at(9), stage: 'bronze', chunk: '2024-03', appId: 'application_1_0003', ok: true, message, finalState: 'KILLED' });
    await tick();
    expect(frame()).toContain(`[2024-03] [backfill] ${message}`);
    await press('c');
    expect(frame()).toContain(`[backfill] ${message}`);
    expect(frame()).not.toContain('yarn application -kill');
  });

  it('shows the ETA of the stage and the run with its source, from history before there is a rate', async () => {
    const history = { stageMsPerDay: { silver: 1_000, gold: 1_000 }, chunkMsPerDay: { bronze: 60_000 } };
    const { frame } = await renderChunkedRun(() => history);
    const header = frame().split('\n')[0]!;
    expect(header).toMatch(/ETA \d+m\d\ds \(history\)/);
    const bronze = frame().split('\n').find((line) => line.includes('bronze') && line.includes('running'))!;
    // A chunk done in this run gives bronze a time per day of its own: `rate`.
    expect(bronze).toMatch(/ETA (\d+m)?\d+s \(rate\)/);
    expect(frame().split('\n').find((line) => line.includes('silver'))).toMatch(/ETA \d+m\d\ds \(history\)/);
  });
});
