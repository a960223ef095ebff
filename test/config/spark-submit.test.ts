import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { resolveSparkSubmit } from '../../src/config/spark-submit.js';

let dir: string;

function executable(file: string) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
  return file;
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'backfill-submit-'));
});

describe('resolveSparkSubmit', () => {
  it('prefers the flag, then $SPARK_SUBMIT, then $SPARK_HOME, then the project wrapper, then PATH', () => {
    const flag = executable(path.join(dir, 'flag', 'spark-submit'));
    const fromEnv = executable(path.join(dir, 'env', 'spark-submit'));
    const home = path.join(dir, 'home');
    const fromHome = executable(path.join(home, 'bin', 'spark-submit'));
    const own = executable(path.join(dir, 'project', 'scripts', 'spark_submit.sh'));
    const onPath = executable(path.join(dir, 'path', 'spark-submit'));
    const base = { cwd: dir, projectRoot: path.join(dir, 'project') };
    const env = { SPARK_SUBMIT: fromEnv, SPARK_HOME: home, PATH: path.join(dir, 'path') };

    expect(resolveSparkSubmit(flag, { ...base, env })).toMatchObject({ ok: true, command: flag });
    expect(resolveSparkSubmit('', { ...base, env })).toMatchObject({ ok: true, command: fromEnv });
    expect(resolveSparkSubmit('', { ...base, env: { ...env, SPARK_SUBMIT: undefined } })).toMatchObject({ command: fromHome });
    expect(resolveSparkSubmit('', { ...base, env: { PATH: env.PATH } })).toMatchObject({ command: own });
    expect(resolveSparkSubmit('', { cwd: dir, projectRoot: path.join(dir, 'none'), env: { PATH: env.PATH } })).toMatchObject({
      command: onPath,
    });
  });

  it('names $SPARK_SUBMIT when it points nowhere', () => {
    const result = resolveSparkSubmit('', { cwd: dir, projectRoot: dir, env: { SPARK_SUBMIT: '/nope/spark-submit' } });
    expect(result).toMatchObject({ ok: false, flag: 'SPARK_SUBMIT' });
  });

  it('finds a bare command name on PATH', () => {
    const onPath = executable(path.join(dir, 'bin', 'my-submit'));
    expect(resolveSparkSubmit('my-submit', { cwd: dir, projectRoot: dir, env: { PATH: path.join(dir, 'bin') } })).toMatchObject({
      ok: true,
      command: onPath,
    });
  });

  it('fails with the fix when nothing is found', () => {
    const result = resolveSparkSubmit('', { cwd: dir, projectRoot: dir, env: { PATH: '' } });
    expect(result).toMatchObject({ ok: false, flag: '--spark-submit', message: expect.stringMatching(/setup\.sh/) });
  });
});
