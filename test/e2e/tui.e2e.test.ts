// The real TUI in a real terminal (tmux), driving a real spark-submit against the sample API on 127.0.0.1:
// fill the setup screen, start, watch bronze finish, abort silver while its JVM runs, read the screen.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processesOfRun } from './support/processes.js';
import { CLI, scratchDir } from './support/project.js';
import { startSampleApi, type SampleApi } from './support/sample-api.js';
import { TmuxSession } from './support/tmux.js';

let api: SampleApi;
let session: TmuxSession | undefined;

beforeAll(async () => {
  api = await startSampleApi();
});

afterAll(async () => {
  session?.kill();
  await api.stop();
});

describe('the TUI in tmux', () => {
  it('runs bronze on real Spark, aborts silver, and leaves nothing running', async () => {
    const dir = scratchDir('tui');
    const runsDir = path.join(dir, 'runs');
    session = TmuxSession.start(`backfill-e2e-${process.pid}`, [
      'env',
      'CI=false',
      `AIR_QUALITY_API_URL=${api.url}`,
      'AIR_QUALITY_MIN_REQUEST_INTERVAL=0',
      process.execPath,
      CLI,
      '--warehouse',
      path.join(dir, 'warehouse'),
      '--runs-dir',
      runsDir,
      '--grace',
      '10',
    ]);

    await session.waitFor(/set up a run/, 20_000);
    await session.type('2024-01-01');
    await session.press('Tab');
    await session.type('2024-01-02');
    const setup = await session.waitFor(/2024-01-01 → 2024-01-02 \(2 days\)/, 10_000);
    // The preview wraps long commands to the terminal's width: match across the wrap.
    expect(setup).toMatch(/bronze\s+\S+spark_submit\.sh\s+--master/);
    expect(setup).toMatch(/run_bronze_pipeline\.py\s+--mode\s+backfill\s+--start-date\s+2024-01-01\s+--end-date\s+2024-01-02/);
    await session.press('Enter');

    await session.waitFor(/bronze\s+▶ running/, 30_000);
    const bronzeDone = await session.waitFor(/bronze\s+✔ succeeded.*exit 0/, 240_000);
    expect(bronzeDone).toMatch(/3\/3 location-months/);

    // Abort only once silver's JVM is up, so there is a real Spark process group to stop.
    await session.waitFor(/silver\s+▶ running[\s\S]*Running Spark version/, 120_000);
    await session.press('a');
    await session.waitFor(/Abort the run\?/, 10_000);
    await session.press('y');
    const aborted = await session.waitFor(/Run aborted in/, 60_000);
    expect(aborted).toMatch(/silver\s+■ aborted/);
    expect(aborted).toMatch(/gold\s+· pending/);

    const [runId] = readdirSync(runsDir);
    const record = JSON.parse(readFileSync(path.join(runsDir, runId!, 'run.json'), 'utf8'));
    expect(record.status).toBe('aborted');
    expect(record.stages.map((stage: { status: string }) => stage.status)).toEqual(['succeeded', 'aborted', 'pending']);
    expect(processesOfRun(runId!)).toEqual([]);

    await session.press('q');
    for (let i = 0; i < 40 && session.exitStatus() === undefined; i++) await new Promise((r) => setTimeout(r, 250));
    expect(session.exitStatus()).toBe(130);
  });
});
