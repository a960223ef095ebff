import { describe, expect, it } from 'vitest';
import type { ChunkRecord, StageRecord } from '../../src/runner/run/run-types.js';
import { appendChunkLines, CHUNK_LOG_CAPACITY, evictChunkLogs, findChunkLog, MAX_CHUNK_LOGS, type ChunkLog } from '../../src/state/chunk-logs.js';
import { EMPTY_LOG_TAIL } from '../../src/state/log-tail.js';
import { selectedLog } from '../../src/state/selected-log.js';
import { createAppStore } from '../../src/state/store.js';
import { at, PARAMS, planFor, records, T0, validOptions } from './run-fixtures.js';
import type { RunEvent } from '../../src/runner/run/events.js';
import type { RunParams } from '../../src/runner/plan/plan-types.js';

const ids = Array.from({ length: 200 }, (_, index) => `c${String(index).padStart(3, '0')}`);
const PARAMS_200: RunParams = { ...PARAMS, chunk: '1d', parallel: 4 };

function chunkedRecords(): StageRecord[] {
  const chunk = (id: string): ChunkRecord => ({ id, startDate: '2024-01-01', endDate: '2024-01-01', status: 'pending', command: [], startedAt: null, finishedAt: null, durationMs: null, exitCode: null, signal: null });
  const [bronze, ...rest] = records();
  return [{ ...bronze!, command: [], chunks: ids.map(chunk) }, ...rest];
}

const log = (chunk: string, status: ChunkLog['status']): ChunkLog => ({ stage: 'bronze', chunk, status, tail: EMPTY_LOG_TAIL });

describe('chunk logs', () => {
  it('keeps the store bounded while 200 chunks flood their output', () => {
    const logCapacity = 2_000;
    const store = createAppStore({ initialOptions: validOptions(), logCapacity });
    const { dispatch } = store.getState();
    dispatch({ type: 'run/planned', plan: planFor(PARAMS_200), at: at(0) });
    dispatch({ type: 'run/tick', nowMs: T0, events: [{ type: 'run-started', at: at(0), runId: 'r1', runDir: '/tmp/r1', params: PARAMS_200, stages: chunkedRecords() }] });
    const lines = Array.from({ length: 3_000 }, (_, index) => `line ${index}`);
    ids.forEach((chunk, index) => {
      const events: RunEvent[] = [
        { type: 'chunk-started', at: at(index), stage: 'bronze', command: ['x'], pid: 1, chunk },
        { type: 'stage-output', at: at(index), stage: 'bronze', lines, chunk },
        // Every tenth chunk fails; the others succeed.
        { type: 'chunk-finished', at: at(index + 1), stage: 'bronze', status: index % 10 === 0 ? 'failed' : 'succeeded', exitCode: 0, signal: null, durationMs: 1, chunk },
      ];
      dispatch({ type: 'run/tick', nowMs: T0, events });
    });
    dispatch({ type: 'run/tick', nowMs: T0, events: [{ type: 'chunk-started', at: at(300), stage: 'bronze', command: ['x'], pid: 1, chunk: ids[199]! }, { type: 'stage-output', at: at(300), stage: 'bronze', lines: ['again'], chunk: ids[199]! }] });

    const run = store.getState().run!;
    const chunkLogs = run.chunkLogs ?? [];
    expect(chunkLogs.length).toBe(MAX_CHUNK_LOGS);
    for (const chunkLog of chunkLogs) expect(chunkLog.tail.lines.length).toBeLessThanOrEqual(CHUNK_LOG_CAPACITY);
    expect(run.logs.bronze!.lines.length).toBe(logCapacity);
    expect(run.logs.bronze!.total).toBe(200 * 3_000 + 1);
    // The 20 failed chunks outlive the succeeded ones, and the chunk that runs again is kept.
    expect(chunkLogs.filter((chunkLog) => chunkLog.status === 'failed')).toHaveLength(20);
    expect(findChunkLog(chunkLogs, 'bronze', ids[199]!)?.tail.lines.at(-1)).toBe('again');
    expect(findChunkLog(chunkLogs, 'bronze', ids[199]!)?.tail.total).toBe(3_001);
  });

  it('drops the oldest finished tail first, failed ones after succeeded, running ones last', () => {
    const logs = [log('a', 'running'), log('b', 'failed'), log('c', 'succeeded'), log('d', 'aborted'), log('e', 'running')];
    expect(evictChunkLogs(logs, 4).map((entry) => entry.chunk)).toEqual(['a', 'b', 'd', 'e']);
    expect(evictChunkLogs(logs, 2).map((entry) => entry.chunk)).toEqual(['a', 'e']);
    expect(evictChunkLogs(logs, 1).map((entry) => entry.chunk)).toEqual(['e']);
  });

  it('keeps each tail to its capacity and counts every line', () => {
    const logs = appendChunkLines(undefined, 'bronze', 'a', ['1', '2', '3'], 2);
    const more = appendChunkLines(logs, 'bronze', 'a', ['4'], 2);
    expect(findChunkLog(more, 'bronze', 'a')?.tail).toEqual({ lines: ['3', '4'], total: 4 });
  });

  it('shows an empty log for a chunk that has printed nothing, and the stage log without a chunk', () => {
    const store = createAppStore({ initialOptions: validOptions(), logCapacity: 100 });
    store.getState().dispatch({ type: 'run/planned', plan: planFor(PARAMS_200), at: at(0) });
    store.getState().dispatch({ type: 'run/tick', nowMs: T0, events: [{ type: 'run-started', at: at(0), runId: 'r1', runDir: '/tmp/r1', params: PARAMS_200, stages: chunkedRecords() }] });
    const run = store.getState().run!;
    expect(selectedLog(run, { selectedStage: 0, selectedChunk: 'c005' })).toMatchObject({ title: 'bronze[c005] pending 6/200', tail: { lines: [], total: 0 } });
    expect(selectedLog(run, { selectedStage: 0, selectedChunk: null }).title).toBe('bronze');
  });
});
