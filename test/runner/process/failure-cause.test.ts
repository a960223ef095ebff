import { describe, expect, it } from 'vitest';
import { FailureCauseFinder, MAX_CAUSE_LENGTH, MAX_CAUSES } from '../../../src/runner/process/failure-cause.js';
import { describeFailure, type FailureContext } from '../../../src/runner/process/failure-verdict.js';
import { exitMeaning } from '../../../src/runner/process/exit-meaning.js';

const RUN = '20261205-090000-ab12';
const context = (conf: string[] = [], extra: Partial<FailureContext['params']> = {}): FailureContext => ({ runId: RUN, params: { conf, master: 'local[*]', startDate: '2024-01-01', endDate: '2024-01-02', ...extra } });

function finderOf(lines: readonly string[]): FailureCauseFinder {
  const finder = new FailureCauseFinder();
  for (const line of lines) finder.push(line);
  return finder;
}

const HEADER = [
  '25/12/05 09:00:01 WARN NativeCodeLoader: Unable to load native-hadoop library for your platform... using builtin-java classes where applicable',
  '25/12/05 09:00:01 INFO SparkContext: Running Spark version 3.5.7',
  "25/12/05 09:00:02 INFO Utils: Successfully started service 'SparkUI' on port 4040.",
  'BACKFILL_PROGRESS {"done": 0, "total": 7, "unit": "tables"}',
];

/** What Spark prints after a driver dies of OOM: the shutdown hooks, thousands of lines of them. */
const shutdownChatter = (count: number) =>
  Array.from({ length: count }, (_, index) => `25/12/05 09:01:${String(16 + (index % 40)).padStart(2, '0')} INFO BlockManagerInfo: Removed broadcast_${index}_piece0 on 10.0.0.5:41234 in memory (size: 12.4 KiB, free: 366.2 MiB)`);

const OOM_LOG = [
  ...HEADER,
  '25/12/05 09:01:12 INFO DAGScheduler: Submitting ResultStage 14 (MapPartitionsRDD[52] at saveAsTable at NativeMethodAccessorImpl.java:0), which has no missing parents',
  '25/12/05 09:01:15 ERROR Executor: Exception in task 2.0 in stage 14.0 (TID 211)',
  'java.lang.OutOfMemoryError: Java heap space',
  '\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)',
  '\tat java.base/java.io.ByteArrayOutputStream.ensureCapacity(ByteArrayOutputStream.java:100)',
  '\tat org.apache.spark.util.io.ChunkedByteBufferOutputStream.write(ChunkedByteBufferOutputStream.scala:86)',
  '25/12/05 09:01:15 ERROR SparkUncaughtExceptionHandler: Uncaught exception in thread Thread[Executor task launch worker for task 2.0 in stage 14.0 (TID 211),5,main]',
  'java.lang.OutOfMemoryError: Java heap space',
  '\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)',
  '25/12/05 09:01:15 INFO SparkContext: Invoking stop() from shutdown hook',
  ...shutdownChatter(6000),
  '25/12/05 09:01:57 INFO ShutdownHookManager: Shutdown hook called',
  '25/12/05 09:01:57 INFO ShutdownHookManager: Deleting directory /tmp/spark-4c1e9a0b-5f7e-4a5e-9a55-0c2f8d1f6b11',
];

describe('the cause of a failed stage, from its log', () => {
  it('names the OutOfMemoryError of a driver that died with exit 52, thousands of INFO lines above the end, and the memory to give it', () => {
    const found = finderOf(OOM_LOG).found;
    const cause = describeFailure(found, { exitCode: 52, signal: null }, context());
    expect(cause).toMatchObject({
      kind: 'out-of-memory',
      summary: 'java.lang.OutOfMemoryError: Java heap space',
      exit: "exit 52: Spark's exit code for java.lang.OutOfMemoryError (SparkExitCode.OOM): a JVM ran out of heap",
      fix: `backfill resume ${RUN} --conf spark.driver.memory=4g`,
    });
    expect(cause.advice).toContain("spark.driver.memory not set: Spark's default is 1g");
    // Doubles what the run had.
    expect(describeFailure(found, { exitCode: 52, signal: null }, context(['spark.driver.memory=3g', 'spark.sql.shuffle.partitions=8'])).fix).toBe(
      `backfill resume ${RUN} --conf spark.driver.memory=6g`,
    );
    expect(describeFailure(found, { exitCode: 52, signal: null }, context(['spark.driver.memory=1536m'])).fix).toBe(`backfill resume ${RUN} --conf spark.driver.memory=3g`);
  });

  it('over a long range, gives the failed stage a smaller range per JVM first: --chunk for resume, the run\'s other sizes kept', () => {
    const found = finderOf(OOM_LOG).found;
    const long = { startDate: '2024-01-01', endDate: '2025-10-31' };
    const gold = (extra: Partial<FailureContext['params']>) => describeFailure(found, { exitCode: 52, signal: null }, { ...context([], { ...long, ...extra }), stage: 'gold' });
    expect(gold({})).toMatchObject({ fix: `backfill resume ${RUN} --chunk gold=month` });
    expect(gold({}).advice).toContain('gold in months, each its own JVM');
    expect(gold({}).advice).toContain('--conf spark.driver.memory=4g');
    expect(gold({ chunk: 'month' }).fix).toBe(`backfill resume ${RUN} --chunk month,gold=week`);
    expect(gold({ chunk: 'month', stageChunks: { gold: 'week' } }).fix).toBe(`backfill resume ${RUN} --chunk month,gold=2d`);
    // A day per JVM and still out of heap: only memory is left.
    expect(gold({ chunk: '1d' }).fix).toBe(`backfill resume ${RUN} --conf spark.driver.memory=4g`);
  });

  it('keeps a bounded handful of lines however long the log and however deep the chain', () => {
    const finder = new FailureCauseFinder();
    finder.push(`org.apache.spark.SparkException: ${'x'.repeat(5000)}`);
    for (let depth = 0; depth < 50; depth++) {
      finder.push(`Caused by: java.lang.RuntimeException: level ${depth} ${'y'.repeat(1000)}`);
      finder.push('\tat org.example.Deep.call(Deep.java:1)');
    }
    for (let index = 0; index < 100_000; index++) finder.push(`25/12/05 09:01:16 INFO Chatter: line ${index} java.lang.OutOfMemoryError nowhere but here ${'z'.repeat(400)}`);
    const found = finder.found;
    expect(found.exception!.length).toBeLessThanOrEqual(MAX_CAUSE_LENGTH);
    expect(found.exceptionCauses).toHaveLength(MAX_CAUSES);
    expect(found.exceptionCauses.every((cause) => cause.length <= MAX_CAUSE_LENGTH)).toBe(true);
    // The first causes and the deepest (the root) are kept; the middle goes.
    expect(found.exceptionCauses[0]).toMatch(/^java\.lang\.RuntimeException: level 0 /);
    expect(found.exceptionCauses[MAX_CAUSES - 1]).toMatch(/^java\.lang\.RuntimeException: level 49 /);
    expect(JSON.stringify(found).length).toBeLessThan(4 * 1024);
  });

  it('reads a PySpark traceback ending in a Py4JJavaError, with the Java side and its Caused by chain', () => {
    const log = [
      ...HEADER,
      '25/12/05 09:03:40 WARN TaskSetManager: Lost task 3.0 in stage 7.0 (TID 58) (10.0.0.7 executor 3): org.apache.iceberg.exceptions.CommitFailedException: stale metadata',
      'Traceback (most recent call last):',
      '  File "/work/jobs/gold/run_gold_pipeline.py", line 122, in <module>',
      '    sys.exit(main())',
      '  File "/work/.venv/lib/python3.11/site-packages/py4j/protocol.py", line 326, in get_return_value',
      '    raise Py4JJavaError(',
      'py4j.protocol.Py4JJavaError: An error occurred while calling o87.saveAsTable.',
      ': org.apache.spark.SparkException: Job aborted due to stage failure: Task 3 in stage 7.0 failed 4 times, most recent failure: Lost task 3.3 in stage 7.0 (TID 61)',
      '\tat org.apache.spark.scheduler.DAGScheduler.failJobAndIndependentStages(DAGScheduler.scala:2856)',
      '\tat org.apache.spark.scheduler.DAGScheduler.$anonfun$abortStage$2(DAGScheduler.scala:2792)',
      'Caused by: org.apache.iceberg.exceptions.CommitFailedException: Cannot commit lh.gold.fact_air_quality_hourly: metadata location has changed',
      '\tat org.apache.iceberg.BaseMetastoreTableOperations.commit(BaseMetastoreTableOperations.java:128)',
      'Caused by: java.io.IOException: Connection reset by peer',
      '\tat java.base/sun.nio.ch.SocketDispatcher.read0(Native Method)',
      '\t... 23 more',
      '',
      '25/12/05 09:03:41 INFO SparkContext: Invoking stop() from shutdown hook',
      'Caused by: java.lang.IllegalStateException: not part of the first exception',
    ];
    const cause = describeFailure(finderOf(log).found, { exitCode: 1, signal: null }, context());
    expect(cause).toEqual({
      kind: 'exception',
      summary: 'py4j.protocol.Py4JJavaError: An error occurred while calling o87.saveAsTable.',
      causes: [
        'org.apache.spark.SparkException: Job aborted due to stage failure: Task 3 in stage 7.0 failed 4 times, most recent failure: Lost task 3.3 in stage 7.0 (TID 61)',
        'org.apache.iceberg.exceptions.CommitFailedException: Cannot commit lh.gold.fact_air_quality_hourly: metadata location has changed',
        'java.io.IOException: Connection reset by peer',
      ],
      exit: 'exit 1: the job or spark-submit failed',
    });
  });

  it("takes the job's own BACKFILL_FAILED line over any exception, with the Java chain the job printed under it", () => {
    const log = [
      ...HEADER,
      'java.io.FileNotFoundException: /tmp/hive/warnings.txt (No such file or directory)',
      '\tat java.base/java.io.FileInputStream.open0(Native Method)',
      '25/12/05 09:05:00 INFO CodeGenerator: Code generated in 12.3 ms',
      'BACKFILL_FAILED Py4JJavaError: An error occurred while calling o56.append.',
      ': org.apache.spark.SparkException: Job aborted due to stage failure: Task 0 in stage 9.0 failed 1 times',
      '\tat org.apache.spark.scheduler.DAGScheduler.failJobAndIndependentStages(DAGScheduler.scala:2856)',
      'Caused by: java.lang.OutOfMemoryError: Java heap space',
      '\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)',
      '25/12/05 09:05:02 INFO ShutdownHookManager: Shutdown hook called',
    ];
    const cause = describeFailure(finderOf(log).found, { exitCode: 1, signal: null }, context());
    expect(cause).toMatchObject({
      kind: 'out-of-memory',
      summary: 'Py4JJavaError: An error occurred while calling o56.append.',
      causes: ['org.apache.spark.SparkException: Job aborted due to stage failure: Task 0 in stage 9.0 failed 1 times', 'java.lang.OutOfMemoryError: Java heap space'],
      fix: `backfill resume ${RUN} --conf spark.driver.memory=4g`,
    });

    const badInput = describeFailure(finderOf([...HEADER, 'BACKFILL_FAILED unknown location(s): atlantis']).found, { exitCode: 2, signal: null }, context());
    expect(badInput).toEqual({
      kind: 'bad-input',
      summary: 'unknown location(s): atlantis',
      causes: [],
      exit: 'exit 2: the job refused its input (bad arguments or files)',
      advice: "resume keeps the run's data settings: fix the input and start a new backfill",
    });
  });

  it('reads a 137 with YARN\'s container message as memory overhead, and a 137 with nothing as the OOM killer', () => {
    const log = [
      ...HEADER,
      '25/12/05 09:10:00 WARN YarnSchedulerBackend$YarnSchedulerEndpoint: Requesting driver to remove executor 2 for reason Container killed by YARN for exceeding physical memory limits. 9.1 GB of 9 GB physical memory used. Consider boosting spark.executor.memoryOverhead.',
      '25/12/05 09:10:00 ERROR YarnScheduler: Lost executor 2 on node-3: Container killed by YARN for exceeding physical memory limits.',
      ...shutdownChatter(50),
    ];
    const container = describeFailure(finderOf(log).found, { exitCode: 137, signal: null }, context(['spark.executor.memory=8g'], { master: 'yarn' }));
    expect(container).toMatchObject({
      kind: 'container-memory',
      summary: expect.stringContaining('Container killed by YARN for exceeding physical memory limits'),
      exit: "exit 137 (128 + SIGKILL): killed with SIGKILL: the kernel's OOM killer, YARN's memory check or a kill -9",
      // 8g of heap: Spark's default overhead is 820m; twice that.
      fix: `backfill resume ${RUN} --conf spark.executor.memoryOverhead=1640m`,
    });

    const killed = describeFailure(finderOf([...HEADER, ...shutdownChatter(10)]).found, { exitCode: 137, signal: null }, context([], { parallel: 4 }));
    expect(killed).toMatchObject({ kind: 'killed', advice: expect.stringContaining("the kernel's OOM killer"), fix: `backfill resume ${RUN} --parallel 2` });
  });

  it('reads a plain 143 as a SIGTERM backfill did not send, and resumes', () => {
    const cause = describeFailure(finderOf([...HEADER, '25/12/05 09:11:00 INFO SparkContext: Invoking stop() from shutdown hook']).found, { exitCode: 143, signal: null }, context());
    expect(cause).toEqual({
      kind: 'terminated',
      summary: 'exit 143 (128 + SIGTERM): stopped by SIGTERM',
      causes: [],
      exit: 'exit 143 (128 + SIGTERM): stopped by SIGTERM',
      advice: expect.stringContaining('backfill did not send it'),
      fix: `backfill resume ${RUN}`,
    });
    expect(exitMeaning(null, 'SIGINT')).toBe('signal SIGINT: interrupted (SIGINT, Ctrl-C)');
    expect(exitMeaning(130, null)).toBe('exit 130 (128 + SIGINT): interrupted (SIGINT, Ctrl-C)');
  });

  it("takes YARN's diagnostics as evidence, and forgets an earlier attempt's log on reset", () => {
    const finder = finderOf(OOM_LOG);
    finder.reset();
    finder.push('25/12/05 09:20:00 INFO Client: Application report for application_1700000000000_0042 (state: FAILED)');
    finder.addDiagnostics(
      'Application application_1700000000000_0042 failed 2 times due to AM Container for appattempt_1700000000000_0042_000002 exited with  exitCode: -104\n' +
        'Failing this attempt.Diagnostics: Container [pid=4242,containerID=container_1700000000000_0042_02_000001] is running beyond physical memory limits. Current usage: 2.1 GB of 2 GB physical memory used.',
    );
    const cause = describeFailure(finder.found, { exitCode: 1, signal: null }, context([], { master: 'yarn' }));
    expect(cause).toMatchObject({
      kind: 'container-memory',
      diagnostics: expect.stringMatching(/^Application application_1700000000000_0042 failed 2 times/),
      fix: `backfill resume ${RUN} --conf spark.driver.memoryOverhead=1g`,
    });
  });
});
