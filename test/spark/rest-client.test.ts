import { describe, expect, it } from 'vitest';
import { pollSparkUi, type FetchJson } from '../../src/spark/rest-client.js';

const api = 'http://127.0.0.1:4040/api/v1/applications';

function answers(byUrl: Record<string, unknown>): FetchJson {
  return (url) => (url in byUrl ? Promise.resolve(byUrl[url]) : Promise.reject(new Error(`${url}: HTTP 404`)));
}

describe('pollSparkUi', () => {
  it('sums what a driver answers', async () => {
    const get = answers({
      [api]: [{ id: 'app-1' }],
      [`${api}/app-1/jobs`]: [{ status: 'RUNNING', numTasks: 10, numCompletedTasks: 4, numFailedTasks: 1 }],
      [`${api}/app-1/stages?status=active`]: [{}],
      [`${api}/app-1/executors`]: [{ id: 'driver' }, { id: '1' }],
    });
    expect(await pollSparkUi('http://127.0.0.1:4040', 100, get)).toMatchObject({ appId: 'app-1', completedTasks: 4, totalTasks: 10, failedTasks: 1, executors: 1 });
  });

  it('refuses, naming the address, what another server on the port answers', async () => {
    const get = answers({
      [api]: [{ id: 'app-1' }],
      [`${api}/app-1/jobs`]: { error: 'not a driver' },
      [`${api}/app-1/stages?status=active`]: [],
      [`${api}/app-1/executors`]: [],
    });
    await expect(pollSparkUi('http://127.0.0.1:4040', 100, get)).rejects.toThrow(`${api}/app-1/jobs: not Spark's answer`);
    await expect(pollSparkUi('http://127.0.0.1:4040', 100, answers({ [api]: { applications: 'no' } }))).rejects.toThrow(/not Spark's answer/);
  });
});
