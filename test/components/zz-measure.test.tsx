import { it } from 'vitest';
import { output, stageStarted } from '../state/run-fixtures.js';
import { tick } from './fake-controller.js';
import { renderRun } from './run-screen-harness.js';
it('measures', async () => {
  const { controller, store, frames } = await renderRun();
  controller.emit(stageStarted('bronze'));
  await tick();
  let notifications = 0;
  store.subscribe(() => (notifications += 1));
  const framesBefore = frames.length;
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  // 10 seconds' worth of a 100,000 lines/s stage, in 64 KB-ish chunks of ~800 lines, one event each.
  let n = 0;
  for (let chunk = 0; chunk < 1250; chunk += 1) {
    const lines = Array.from({ length: 800 }, () => `24/11/24 01:20:01 INFO TaskSetManager: Finished task ${n++} in stage 3.0 (TID ${n}) in 12 ms on localhost (executor driver) (${n}/200)`);
    controller.emit(output('bronze', lines));
    if (chunk % 10 === 0) await new Promise((r) => setImmediate(r));
  }
  await tick(100);
  const ms = performance.now() - started;
  global.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  console.log(JSON.stringify({ lines: n, ms: Math.round(ms), linesPerSec: Math.round(n / (ms / 1000)), notifications, frames: frames.length - framesBefore, heapDeltaMB: ((heapAfter - heapBefore) / 1e6).toFixed(1), kept: store.getState().run!.logs.bronze!.lines.length, total: store.getState().run!.logs.bronze!.total }));
}, 60_000);
