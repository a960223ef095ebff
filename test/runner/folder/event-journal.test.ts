import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventJournal } from '../../../src/runner/folder/event-journal.js';
import { readEvents } from '../../../src/runner/folder/run-folder.js';
import { useTempDirs } from '../../fixtures/temp-dir.js';
import type { RunEvent } from '../../../src/runner/run/events.js';

const tempDir = useTempDirs();

const spark = (stage: string, at: string): RunEvent => ({
  type: 'spark-progress',
  at,
  stage,
  sparkStages: [{ stageId: 1, done: 1, running: 1, total: 2 }],
});

describe('EventJournal', () => {
  it('keeps every event but stage output, and Spark bars at most once a second per stage', () => {
    const dir = tempDir();
    const journal = new EventJournal(path.join(dir, 'events.ndjson'));
    const events: RunEvent[] = [
      { type: 'stage-started', at: '2026-11-24T01:00:00.000Z', stage: 'bronze', command: ['x'], pid: 1 },
      { type: 'stage-output', at: '2026-11-24T01:00:00.100Z', stage: 'bronze', lines: ['hello'] },
      spark('bronze', '2026-11-24T01:00:00.200Z'),
      spark('bronze', '2026-11-24T01:00:00.900Z'),
      spark('silver', '2026-11-24T01:00:00.950Z'),
      spark('bronze', '2026-11-24T01:00:01.200Z'),
      { type: 'stage-progress', at: '2026-11-24T01:00:01.300Z', stage: 'bronze', progress: { done: 1, total: 2 } },
    ];
    for (const event of events) journal.record(event);
    expect(readEvents(dir).map((event) => `${event.type}@${event.at.slice(17, 23)}`)).toEqual([
      'stage-started@00.000',
      'spark-progress@00.200',
      'spark-progress@00.950',
      'spark-progress@01.200',
      'stage-progress@01.300',
    ]);
  });
});
