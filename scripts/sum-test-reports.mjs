// Prints one "N passed, N failed" line over the vitest JSON and pytest JUnit reports in a folder.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
let passed = 0;
let failed = 0;
let skipped = 0;
let missing = [];

for (const name of ['vitest.json', 'e2e.json']) {
  const file = path.join(dir, name);
  if (!existsSync(file)) { missing.push(name); continue; }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
}

const junit = path.join(dir, 'pytest.xml');
if (existsSync(junit)) {
  const suite = readFileSync(junit, 'utf8').match(/<testsuite [^>]*>/)?.[0] ?? '';
  const count = (attribute) => Number(suite.match(new RegExp(`${attribute}="(\\d+)"`))?.[1] ?? 0);
  const pySkipped = count('skipped');
  const pyFailed = count('failures') + count('errors');
  passed += count('tests') - pySkipped - pyFailed;
  failed += pyFailed;
  skipped += pySkipped;
} else missing.push('pytest.xml');

if (missing.length) console.log(`missing reports (a step did not run to the end): ${missing.join(', ')}`);
console.log(`${passed} passed, ${failed + missing.length} failed, ${skipped} skipped`);
process.exit(failed + missing.length > 0 ? 1 : 0);
