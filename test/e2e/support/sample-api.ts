import { execa, type ResultPromise } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, PYTHON, scratchDir } from './project.js';

export interface SampleApi {
  url: string;
  stop(): Promise<void>;
}

/** Starts the project's sample air-quality API on 127.0.0.1 on a free port. */
export async function startSampleApi(extraArgs: string[] = []): Promise<SampleApi> {
  const portFile = path.join(scratchDir('api'), 'url');
  const server: ResultPromise = execa(PYTHON, ['-m', 'devtools.sample_api.server', '--port', '0', '--port-file', portFile, ...extraArgs], {
    cwd: PROJECT_ROOT,
    stdin: 'ignore',
    reject: false,
  });
  const deadline = Date.now() + 20_000;
  while (!(existsSync(portFile) && readFileSync(portFile, 'utf8').trim())) {
    if (Date.now() > deadline || server.exitCode !== null) {
      server.kill();
      throw new Error(`sample API did not start: ${(await server).stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: readFileSync(portFile, 'utf8').trim(),
    async stop() {
      server.kill('SIGTERM');
      await server;
    },
  };
}
