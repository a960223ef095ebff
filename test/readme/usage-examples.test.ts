import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli } from '../fixtures/cli-process.js';

// The README's examples are run, so they cannot drift from the console: every fenced block that starts with
// `$ backfill <args>` runs those args, and what it prints (stdout, then stderr) must be the block's other lines.
// The examples start nothing (--dry-run, or input that is refused), so the test writes nothing.

interface Example {
  line: number;
  args: string[];
  expected: string;
}

const RUN_ID = /\b\d{8}-\d{6}-[a-z0-9]{4}\b/g;
const README_ROOT = '/srv/backfill';

function readmeExamples(): Example[] {
  const lines = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8').split('\n');
  const examples: Example[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    if (!lines[index]!.startsWith('```') || !lines[index + 1]?.startsWith('$ backfill ')) continue;
    const end = lines.indexOf('```', index + 2);
    examples.push({
      line: index + 2,
      args: lines[index + 1]!.slice('$ backfill '.length).split(/ +/),
      expected: lines.slice(index + 2, end).join('\n'),
    });
    index = end;
  }
  return examples;
}

/** The run id and the checkout's folder differ from run to run and clone to clone. */
function normalized(text: string, root: string): string {
  return text.replaceAll(root, README_ROOT).replace(RUN_ID, '<run-id>').trimEnd();
}

describe("the README's examples", () => {
  const examples = readmeExamples();

  it('are found', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  it.each(examples.map((example) => [example.line, example] as const))('README.md:%i prints what the README shows', async (_line, example) => {
    const env: NodeJS.ProcessEnv = { SPARK_SUBMIT: undefined, SPARK_HOME: undefined, CI: 'true' };
    const result = await runCli(example.args, { env, timeoutMs: 60_000 });
    const root = PROJECT_ROOT.replace(/\/$/, '');
    expect(normalized(`${result.stdout}${result.stderr}`, root)).toBe(normalized(example.expected, README_ROOT));
    expect(result.code, 'an example exits 0, or 2 for refused input').toBeOneOf([0, 2]);
  });
});
