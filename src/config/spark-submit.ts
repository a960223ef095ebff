import path from 'node:path';
import { shown } from './shown.js';
import { findOnPath, isExecutableFile } from './executable.js';

export type SubmitResolution = { ok: true; command: string; source: string } | { ok: false; flag: string; message: string };

export interface SubmitEnvironment {
  env: NodeJS.ProcessEnv;
  cwd: string;
  projectRoot: string;
}

/** The submit command: --spark-submit, else $SPARK_SUBMIT, else $SPARK_HOME/bin/spark-submit,
 *  else the project's own wrapper (its venv's Spark with Iceberg), else spark-submit on PATH. */
export function resolveSparkSubmit(flag: string, { env, cwd, projectRoot }: SubmitEnvironment): SubmitResolution {
  if (flag) return checkGiven(flag, '--spark-submit', cwd, env);
  if (env.SPARK_SUBMIT) return checkGiven(env.SPARK_SUBMIT, 'SPARK_SUBMIT', cwd, env);
  if (env.SPARK_HOME) {
    const candidate = path.join(env.SPARK_HOME, 'bin', 'spark-submit');
    if (isExecutableFile(candidate)) return { ok: true, command: candidate, source: '$SPARK_HOME' };
  }
  const own = path.join(projectRoot, 'scripts', 'spark_submit.sh');
  if (isExecutableFile(own)) return { ok: true, command: own, source: 'project' };
  const onPath = findOnPath('spark-submit', env.PATH);
  if (onPath) return { ok: true, command: onPath, source: 'PATH' };
  return {
    ok: false,
    flag: '--spark-submit',
    message: '--spark-submit: no spark-submit found; pass --spark-submit <path>, set SPARK_HOME, or run scripts/setup.sh.',
  };
}

function checkGiven(value: string, name: string, cwd: string, env: NodeJS.ProcessEnv): SubmitResolution {
  const looksLikePath = value.includes('/');
  const resolved = looksLikePath ? path.resolve(cwd, value) : findOnPath(value, env.PATH);
  if (resolved && isExecutableFile(resolved)) return { ok: true, command: resolved, source: name };
  return {
    ok: false,
    flag: name,
    message: `${name} ${shown(value)} does not exist or is not executable; give the path of a spark-submit (chmod +x if it is a script).`,
  };
}
