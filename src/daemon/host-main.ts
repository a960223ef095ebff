// Entry point of a detached runner host: `node host-main.js <run-dir>/launch.json`.
// Its stdout and stderr go to `host.log` in the run folder.
import '../lifecycle/survive-broken-pipes.js';
import { nameProcessAfterRun } from '../lifecycle/process-title.js';
import { EXIT_CODES, exitCodeFor } from '../runner/run/exit-code.js';
import { parseJson } from '../runner/folder/validated-json.js';
import { readBoundedFile, RUN_RECORD_MAX_BYTES } from '../runner/folder/bounded-file.js';
import { hostSpecSchema, runHost, type HostSpec } from './runner-host.js';

const specFile = process.argv[2];
if (!specFile) {
  process.stderr.write('usage: host-main <launch.json>\n');
  process.exit(EXIT_CODES.usage);
}
let spec: HostSpec;
try {
  spec = parseJson(readBoundedFile(specFile, RUN_RECORD_MAX_BYTES), hostSpecSchema, specFile);
} catch (error) {
  process.stderr.write(`${new Date().toISOString()} runner host not started: ${(error as Error).message}\n`);
  process.exit(EXIT_CODES.usage);
}
nameProcessAfterRun(spec.plan.runId, 'runner host');
try {
  const record = await runHost(spec);
  process.stdout.write(`${new Date().toISOString()} run ${record.id} ${record.status}; host exits\n`);
  process.exit(exitCodeFor(record.status));
} catch (error) {
  process.stderr.write(`${new Date().toISOString()} runner host failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(EXIT_CODES.failed);
}
