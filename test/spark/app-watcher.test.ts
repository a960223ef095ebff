import { describe, expect, it } from 'vitest';
import { SparkAppWatcher, pollTarget } from '../../src/spark/app-watcher.js';
import type { SparkUiSnapshot } from '../../src/runner/run/run-types.js';

const APP = 'application_1700000000000_0042';

describe('where a stage\'s progress is asked for', () => {
  it('is the driver UI, until YARN names the application: then the ResourceManager proxy', () => {
    expect(pollTarget({ uiUrl: 'http://10.0.0.5:4040' })).toBe('http://10.0.0.5:4040');
    expect(pollTarget({ uiUrl: 'http://10.0.0.5:4040', appId: APP, trackingUrl: `http://rm:8088/proxy/${APP}/` })).toBe(`http://rm:8088/proxy/${APP}`);
    // cluster mode: the driver is elsewhere and its UI never appears in the submit's log
    expect(pollTarget({ appId: APP, trackingUrl: `http://rm:8088/proxy/${APP}/` })).toBe(`http://rm:8088/proxy/${APP}`);
  });

  it('polls the proxy once the tracking URL is read, through the same REST API', async () => {
    const asked: string[] = [];
    const snapshots: SparkUiSnapshot[] = [];
    const fetch = (url: string) => {
      asked.push(url);
      if (!url.startsWith(`http://rm:8088/proxy/${APP}/`)) return Promise.reject(new Error('redirected to the proxy'));
      if (url.endsWith('/applications')) return Promise.resolve([{ id: APP }]);
      if (url.endsWith('/jobs')) return Promise.resolve([{ status: 'RUNNING', numTasks: 8, numCompletedTasks: 2, numFailedTasks: 0 }]);
      if (url.includes('/stages')) return Promise.resolve([{}]);
      return Promise.resolve([{ id: 'driver' }, { id: '1' }, { id: '2' }]);
    };
    const watcher = new SparkAppWatcher({ onApp: () => {}, onSnapshot: (snapshot) => snapshots.push(snapshot) }, { intervalMs: 10, fetch });
    watcher.readLines(['INFO SparkUI: Bound SparkUI to 0.0.0.0, and started at http://10.0.0.5:4040']);
    watcher.readLines([`INFO Client: Submitting application ${APP} to ResourceManager`, `\t tracking URL: http://rm:8088/proxy/${APP}/`]);
    for (let i = 0; i < 100 && snapshots.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await watcher.stop();
    expect(snapshots[0]).toMatchObject({ appId: APP, completedTasks: 2, totalTasks: 8, executors: 2, url: `http://rm:8088/proxy/${APP}` });
    expect(asked).toContain(`http://rm:8088/proxy/${APP}/api/v1/applications`);
  });
});
