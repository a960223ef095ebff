import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultOptions } from '../../src/config/defaults.js';
import type { BackfillOptions } from '../../src/config/options.js';
import { REFERENCE_CONFIG_MAX_BYTES } from '../../src/config/reference-config.js';
import { HADOOP_SITE_MAX_BYTES } from '../../src/config/hadoop-conf.js';
import { validateOptions, type ValidationEnvironment } from '../../src/config/validate.js';
import { validationEnvironment } from '../fixtures/validation-environment.js';
import { plantUnixSocket } from '../fixtures/unix-socket.js';

const HANOI = { location_key: 'hanoi', location_name: 'Hanoi', latitude: 21.0285, longitude: 105.8542, timezone: 'Asia/Ho_Chi_Minh' };

let dir: string;
let environment: ValidationEnvironment;

function options(overrides: Partial<BackfillOptions> = {}): BackfillOptions {
  return { ...defaultOptions(), startDate: '2024-01-01', endDate: '2024-01-31', runsDir: 'runs', ...overrides };
}

function issuesOf(overrides: Partial<BackfillOptions>) {
  const result = validateOptions(options(overrides), environment);
  if (result.ok) throw new Error('expected a validation failure');
  return result.issues;
}

beforeEach(() => {
  ({ dir, ...environment } = validationEnvironment('validate'));
  writeFileSync(path.join(dir, 'locations.jsonl'), `${JSON.stringify(HANOI)}\n`);
});

describe('validateOptions', () => {
  it('turns complete options into run params with absolute paths', () => {
    const result = validateOptions(options({ locations: 'locations.jsonl', warehouse: 'wh', conf: ['spark.x=1'] }), environment);
    expect(result).toEqual({
      ok: true,
      params: expect.objectContaining({
        startDate: '2024-01-01',
        endDate: '2024-01-31',
        stages: ['bronze', 'silver', 'gold'],
        locations: path.join(dir, 'locations.jsonl'),
        warehouse: path.join(dir, 'wh'),
        sparkSubmit: [path.join(dir, 'spark-submit')],
        master: 'local[*]',
        conf: ['spark.x=1'],
        graceSeconds: 30,
        runsDir: path.join(dir, 'runs'),
      }),
    });
  });

  it('spells a local warehouse one way, as the warehouse lock does: file: URIs and paths alike', () => {
    const local = path.join(dir, 'wh');
    for (const given of [`file:${local}`, `file://${local}/`, `${local}/./`, 'wh']) {
      const result = validateOptions(options({ warehouse: given }), environment);
      expect(result.ok && result.params.warehouse).toBe(local);
    }
  });

  it('keeps a warehouse URI with a scheme as given', () => {
    const result = validateOptions(options({ warehouse: 'hdfs://nn:8020/wh' }), environment);
    expect(result.ok && result.params.warehouse).toBe('hdfs://nn:8020/wh');
  });

  it('reads hdfs:///wh as the warehouse on fs.defaultFS, the NameNode of the Hadoop configuration, and refuses it without one', () => {
    const conf = path.join(dir, 'hadoop-conf');
    mkdirSync(conf);
    writeFileSync(path.join(conf, 'core-site.xml'), '<configuration><property><name>fs.defaultFS</name><value>hdfs://nn1.example:8020</value></property></configuration>');
    const onEdgeNode = { ...environment, env: { ...environment.env, HADOOP_CONF_DIR: conf } };
    const result = validateOptions(options({ warehouse: 'hdfs:///data/wh/' }), onEdgeNode);
    expect(result.ok && result.params.warehouse).toBe('hdfs://nn1.example:8020/data/wh');
    expect(issuesOf({ warehouse: 'hdfs:///data/wh' })[0]!.message).toContain('no core-site.xml in $HADOOP_CONF_DIR gives an hdfs:// fs.defaultFS');
    writeFileSync(path.join(conf, 'core-site.xml'), '<configuration><property><name>fs.defaultFS</name><value>file:///</value></property></configuration>');
    expect(validateOptions(options({ warehouse: 'hdfs:///data/wh' }), onEdgeNode).ok).toBe(false);
  });

  it.each([
    [{ startDate: '' }, '--start-date', /required/],
    [{ startDate: '2024/01/01' }, '--start-date', /YYYY-MM-DD/],
    [{ endDate: '2024-02-30' }, '--end-date', /not a real date/],
    [{ startDate: '2024-02-01', endDate: '2024-01-01' }, '--end-date', /before --start-date/],
    [{ endDate: '2026-11-25' }, '--end-date', /in the future/],
    [{ locations: 'missing.jsonl' }, '--locations', /^--locations missing\.jsonl: no such file; give the path of a JSONL file/],
    [{ pollutants: 'nope.jsonl' }, '--pollutants', /^--pollutants nope\.jsonl: no such file; give the path of a JSONL file/],
    [{ master: 'mesos://x' }, '--master', /not a Spark master/],
    [{ conf: ['spark.executor.memory'] }, '--conf', /key=value/],
    [{ grace: Number.NaN }, '--grace', /seconds/],
    [{ skipBronze: true, skipSilver: true, skipGold: true }, '--skip-bronze', /All stages are skipped/],
    [{ sparkSubmit: './absent' }, '--spark-submit', /does not exist or is not executable/],
  ])('rejects %o naming the flag', (overrides, flag, message) => {
    const issues = issuesOf(overrides as Partial<BackfillOptions>);
    expect(issues).toContainEqual({ flag, message: expect.stringMatching(message) });
    expect(issues.find((issue) => issue.flag === flag)?.message).toContain(flag.startsWith('--') ? flag : '');
  });

  it('refuses a --locations or --pollutants file the jobs would refuse, naming the file, the line and the fix', () => {
    writeFileSync(path.join(dir, 'bom.jsonl'), `\ufeff${JSON.stringify(HANOI)}\n`);
    const pm25 = { pollutant_code: 'pm25', display_name: 'PM2.5', unit: 'µg/m³', aqi_timespan: '24h', api_variable: 'pm2_5', is_aqi: true };
    writeFileSync(path.join(dir, 'twice.jsonl'), `${JSON.stringify(pm25)}\n{"pollutant_code": "pm10", "pollutant_code": "o3"}\n`);
    writeFileSync(path.join(dir, 'far.jsonl'), `${JSON.stringify(HANOI)}\n\n${JSON.stringify({ ...HANOI, location_key: 'north', latitude: 91 })}\n`);
    expect(issuesOf({ locations: 'bom.jsonl' })).toContainEqual({
      flag: '--locations',
      message: '--locations bom.jsonl:1: starts with a UTF-8 byte order mark (BOM); save the file as UTF-8 without a byte order mark (config/locations.jsonl shows the format).',
    });
    expect(issuesOf({ pollutants: 'twice.jsonl' })).toContainEqual({
      flag: '--pollutants',
      message: '--pollutants twice.jsonl:2: duplicate key "pollutant_code"; give each key once (config/pollutants.jsonl shows the format).',
    });
    expect(issuesOf({ locations: 'far.jsonl' })).toContainEqual({
      flag: '--locations',
      message: '--locations far.jsonl:3: latitude must be a number from -90 to 90 (got 91); correct the value (config/locations.jsonl shows the format).',
    });
  });

  it('names a --locations or --pollutants that is a folder, a FIFO, a socket or too large as what it is', () => {
    mkdirSync(path.join(dir, 'a-folder'));
    execFileSync('mkfifo', [path.join(dir, 'a-fifo')]);
    plantUnixSocket(path.join(dir, 'a-socket'));
    writeFileSync(path.join(dir, 'huge.jsonl'), '');
    truncateSync(path.join(dir, 'huge.jsonl'), REFERENCE_CONFIG_MAX_BYTES + 1); // sparse: no disk used
    const fix = 'give the path of a JSONL file (config/locations.jsonl shows the format).';
    expect(issuesOf({ locations: 'a-folder' })).toEqual([{ flag: '--locations', message: `--locations a-folder: is a folder, not a file; ${fix}` }]);
    expect(issuesOf({ locations: 'a-fifo' })).toEqual([{ flag: '--locations', message: `--locations a-fifo: is a FIFO (named pipe), not a file; ${fix}` }]);
    expect(issuesOf({ locations: 'a-socket' })).toEqual([{ flag: '--locations', message: `--locations a-socket: is a socket, not a file; ${fix}` }]);
    expect(issuesOf({ locations: 'huge.jsonl' })).toEqual([{ flag: '--locations', message: `--locations huge.jsonl: is larger than 16 MB, more than any list of locations; ${fix}` }]);
    expect(issuesOf({ pollutants: 'a-fifo' })).toEqual([
      { flag: '--pollutants', message: '--pollutants a-fifo: is a FIFO (named pipe), not a file; give the path of a JSONL file (config/pollutants.jsonl shows the format).' },
    ]);
  });

  it('refuses a location key that is not one plain name (a partition value and a part of file paths), with its line and fix', () => {
    writeFileSync(path.join(dir, 'keys.jsonl'), `${JSON.stringify(HANOI)}\n${JSON.stringify({ ...HANOI, location_key: 'a b/../x' })}\n`);
    expect(issuesOf({ locations: 'keys.jsonl' })).toEqual([
      {
        flag: '--locations',
        message:
          '--locations keys.jsonl:2: location_key must be 1 to 64 ASCII letters, digits, "_", "." or "-", starting with a letter or digit, without ".." (got "a b/../x"); ' +
          'write a key such as hanoi or ho_chi_minh (config/locations.jsonl shows the format).',
      },
    ]);
    for (const key of ['..', '/', 'ha\u202enoi', 'hanoi\u0007', 'hanoi\u200f', '\u2067x']) {
      writeFileSync(path.join(dir, 'keys.jsonl'), `${JSON.stringify({ ...HANOI, location_key: key })}\n`);
      const [issue] = issuesOf({ locations: 'keys.jsonl' });
      expect(issue!.message).toMatch(/^--locations keys\.jsonl:1: location_key must be 1 to 64 ASCII letters/);
      expect(issue!.message).not.toMatch(/[\u0000-\u001f\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    }
  });

  it('accepts the range ending today, in UTC', () => {
    expect(validateOptions(options({ endDate: '2026-11-24' }), environment).ok).toBe(true);
  });

  it('rejects a spark-submit that is not executable', () => {
    const notExecutable = path.join(dir, 'plain');
    writeFileSync(notExecutable, '');
    expect(issuesOf({ sparkSubmit: notExecutable })[0]?.flag).toBe('--spark-submit');
  });

  it('rejects a runs dir under a file', () => {
    writeFileSync(path.join(dir, 'afile'), '');
    expect(issuesOf({ runsDir: 'afile/runs' })).toContainEqual({ flag: '--runs-dir', message: expect.stringMatching(/is a file/) });
  });

  it('rejects a runs dir that cannot be written, even for root: the folder is tried, not its mode bits', () => {
    const locked = path.join(dir, 'locked');
    mkdirSync(locked, { mode: 0o500 });
    const refused = [path.join(dir, 'locked', 'runs'), '/proc/backfill-runs', '/sys/backfill-runs'];
    if (process.getuid?.() === 0) refused.shift(); // root writes through mode bits; /proc and /sys refuse it too
    for (const runsDir of refused) {
      expect(issuesOf({ runsDir })).toEqual([{ flag: '--runs-dir', message: expect.stringMatching(/does not take new folders \((permission denied|a kernel file system such as \/proc)\); pick a folder/) }]);
    }
    expect(readdirSync(dir).filter((name) => name.startsWith('.backfill-probe-'))).toEqual([]);
    expect(validateOptions(options(), environment).ok).toBe(true);
    expect(readdirSync(dir).filter((name) => name.startsWith('.backfill-probe-'))).toEqual([]);
  });

  it('rejects a runs dir under a link to nothing, which no folder can be made under', () => {
    symlinkSync(path.join(dir, 'nowhere', 'zz'), path.join(dir, 'dangling'));
    expect(issuesOf({ runsDir: 'dangling/runs' })).toEqual([{ flag: '--runs-dir', message: expect.stringContaining('is a link to nothing') }]);
  });

  it('takes a warehouse URI of a Hadoop file system the jobs can write, with its authority, and refuses any other, naming --warehouse and the fix', () => {
    for (const warehouse of ['hdfs://nn:8020/wh', 'HDFS://NN/wh', 'viewfs://cluster/wh', 's3a://lake', 'gs://b/wh', 'oss://b/wh', 'abfss://c@acc.dfs.core.windows.net/wh', 'abfs://c@acc/wh', 'wasb://c@acc/wh', 'wasbs://c@acc/wh', 'hdfs://[::1]:8020/wh']) {
      expect(validateOptions(options({ warehouse }), environment).ok, warehouse).toBe(true);
    }
    const refused = (warehouse: string) => issuesOf({ warehouse }).map((issue) => `${issue.flag}: ${issue.message}`);
    const known = 'give a local folder, a file:/// URI or a cluster URI of hdfs, viewfs, s3a, gs, oss, abfs, abfss, wasb, wasbs (e.g. hdfs://namenode:8020/warehouse)';
    expect(refused('foo://bar')).toEqual([`--warehouse: --warehouse foo://bar is not a warehouse the jobs can write (no file system foo:); ${known}.`]);
    expect(refused('s3://bucket/wh')[0]).toContain('(no file system s3:)');
    expect(refused('constructor://x/wh')[0]).toContain('(no file system constructor:)');
    expect(refused('wh:1')).toEqual([`--warehouse: --warehouse wh:1 is not a warehouse the jobs can write (no file system wh:); ${known}; a local folder whose name holds ":" is written ./wh:1.`]);
    expect(refused('s3a://')).toEqual(['--warehouse: --warehouse s3a:// names no bucket after s3a://; write it whole, e.g. s3a://bucket/warehouse.']);
    expect(refused('hdfs://')).toEqual([
      '--warehouse: --warehouse hdfs:// names no NameNode after hdfs:// (and no core-site.xml in $HADOOP_CONF_DIR gives an hdfs:// fs.defaultFS to take it from); write it whole, e.g. hdfs://namenode:8020/warehouse.',
    ]);
    expect(refused('hdfs:///wh')[0]).toContain('names no NameNode after hdfs://');
    expect(refused('s3a:lake/wh')[0]).toContain('names no bucket after s3a://');
    expect(refused('hdfs://nn:99999/wh')).toEqual([
      '--warehouse: --warehouse hdfs://nn:99999/wh is not a whole URI (its NameNode nn:99999 does not read as one); write it as hdfs://namenode:8020/warehouse.',
    ]);
    expect(refused('hdfs://n\tn:8020/wh')[0]).toContain('(its NameNode n\\x09n:8020 does not read as one)');
    expect(validateOptions(options({ warehouse: './wh:1' }), environment).ok).toBe(true);
  });

  it('refuses a local warehouse under /dev, /proc or /sys, or one that cannot be made, before any lock is taken, and makes nothing', () => {
    mkdirSync(path.join(dir, 'locked'), { mode: 0o500 });
    execFileSync('mkfifo', [path.join(dir, 'a-fifo')]);
    writeFileSync(path.join(dir, 'afile'), '');
    symlinkSync('/proc', path.join(dir, 'to-proc'));
    const kernel = 'a kernel file system, not a disk: a warehouse there cannot be made or would not be kept; give a folder on a disk, e.g. --warehouse /data/warehouse.';
    for (const [warehouse, under] of [['/proc/x', '/proc'], ['/proc/self/x', '/proc'], ['/sys/x', '/sys'], ['/dev/x/y', '/dev'], ['file:///dev/shm/wh', '/dev']]) {
      expect(issuesOf({ warehouse })).toEqual([{ flag: '--warehouse', message: expect.stringMatching(new RegExp(`^--warehouse ${warehouse}.* is under ${under}, ${kernel.replace(/[.,:]/g, '\\$&')}$`)) }]);
    }
    expect(issuesOf({ warehouse: 'to-proc/wh' })).toEqual([{ flag: '--warehouse', message: `--warehouse to-proc/wh (/proc/wh) is under /proc, ${kernel}` }]);
    expect(issuesOf({ warehouse: 'a-fifo' })).toEqual([
      { flag: '--warehouse', message: `--warehouse a-fifo: ${path.join(dir, 'a-fifo')} is a FIFO (named pipe), not a folder; give a folder, or a path where one can be made.` },
    ]);
    expect(issuesOf({ warehouse: 'afile/wh' })).toEqual([
      { flag: '--warehouse', message: `--warehouse afile/wh: ${path.join(dir, 'afile')} is a file, not a folder; give a folder, or a path where one can be made.` },
    ]);
    if (process.getuid?.() !== 0) {
      expect(issuesOf({ warehouse: 'locked/wh' })).toEqual([
        { flag: '--warehouse', message: `--warehouse locked/wh: ${path.join(dir, 'locked')} does not take new folders (permission denied); pick a folder you can write to.` },
      ]);
    }
    expect(existsSync('/dev/x')).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['a-fifo', 'afile', 'locations.jsonl', 'locked', 'spark-submit', 'to-proc']);
    // A folder that exists is taken as it is; one that does not, where one can be made, is not made yet.
    mkdirSync(path.join(dir, 'wh'));
    expect(validateOptions(options({ warehouse: 'wh' }), environment).ok).toBe(true);
    expect(validateOptions(options({ warehouse: 'new/wh' }), environment).ok).toBe(true);
    expect(existsSync(path.join(dir, 'new'))).toBe(false);
  });

  it.each(['http://a b', 'http://[::1', 'ftp://hooks.example.com/x', 'https://', 'hooks.example.com/x'])('refuses --notify-url %s as not an http(s) URL', (notifyUrl) => {
    expect(issuesOf({ notifyUrl })).toEqual([{ flag: '--notify-url', message: expect.stringContaining('is not an http(s) URL') }]);
  });

  it('refuses a --notify-url with a user or password, without printing them, and takes a plain one', () => {
    const [issue] = issuesOf({ notifyUrl: 'https://ops:hunter2@hooks.example.com/T0/B1' });
    expect(issue).toMatchObject({ flag: '--notify-url', message: expect.stringContaining('carries a user or password') });
    expect(issue!.message).not.toMatch(/hunter2|ops:/);
    const result = validateOptions(options({ notifyUrl: 'http://127.0.0.1:8080/hook?token=x' }), environment);
    expect(result.ok && result.params.notifyUrl).toBe('http://127.0.0.1:8080/hook?token=x');
  });

  it('accepts the known master forms', () => {
    const conf = path.join(dir, 'hadoop-conf');
    mkdirSync(conf);
    writeFileSync(path.join(conf, 'yarn-site.xml'), '<configuration/>\n');
    const onCluster = { ...environment, env: { ...environment.env, HADOOP_CONF_DIR: conf } };
    const forms = ['local', 'local[4]', 'local[*]', 'local[2,3]', 'local[*,4]', 'local[1024]', 'local[1,100]', 'yarn'];
    const clusters = ['spark://h:7077', 'spark://h1:7077,10.0.0.2:7077', 'spark://[::1]:7077', 'k8s://https://h:6443', 'k8s://h:6443', 'k8s://http://10.0.0.1'];
    for (const master of [...forms, ...clusters]) {
      expect(validateOptions(options({ master, warehouse: 'hdfs://nn:8020/wh' }), onCluster).ok).toBe(true);
    }
  });

  it('refuses a master Spark cannot read, or a typo of a size, with the form to use', () => {
    const local = 'use local, local[*], local[N] or local[N,F] (N threads from 1 to 1024 or *, F attempts of a task from 1 to 100, in plain digits).';
    const cases: [string, string][] = [
      ['local[99999999999]', '--master local[99999999999] is too high: at most local[1024] threads; use local[*] for one thread per core.'],
      ['local[1025]', '--master local[1025] is too high: at most local[1024] threads; use local[*] for one thread per core.'],
      ['local[0]', '--master local[0] runs no task thread: it must be at least local[1]; use local[*] for one thread per core.'],
      ['local[4,0]', '--master local[4,0] gives a task no attempt: F must be at least 1, e.g. local[*,2].'],
      ['local[*,101]', '--master local[*,101] is too high: at most 100 attempts of a task, e.g. local[*,4].'],
      ['local[04]', `--master local[04] is not a local master; ${local}`],
      ['local[ 4]', `--master local[ 4] is not a local master; ${local}`],
      ['local[-1]', `--master local[-1] is not a local master; ${local}`],
      ['local[4,]', `--master local[4,] is not a local master; ${local}`],
      ['spark://h', "--master spark://h is not a standalone master's URL; use spark://host:port (a port from 1 to 65535), several masters as spark://host1:7077,host2:7077."],
      ['spark://h:70000', "--master spark://h:70000 is not a standalone master's URL; use spark://host:port (a port from 1 to 65535), several masters as spark://host1:7077,host2:7077."],
      ['spark://h:0', "--master spark://h:0 is not a standalone master's URL; use spark://host:port (a port from 1 to 65535), several masters as spark://host1:7077,host2:7077."],
      ['spark://h:7077,', "--master spark://h:7077, is not a standalone master's URL; use spark://host:port (a port from 1 to 65535), several masters as spark://host1:7077,host2:7077."],
      ['k8s://', '--master k8s:// does not name a Kubernetes API server; use k8s://https://host:port.'],
      ['k8s://ftp://h', '--master k8s://ftp://h does not name a Kubernetes API server; use k8s://https://host:port.'],
      ['k8s://https://h:99999', '--master k8s://https://h:99999 does not name a Kubernetes API server; use k8s://https://host:port.'],
    ];
    for (const [master, message] of cases) expect(issuesOf({ master }), master).toEqual([{ flag: '--master', message }]);
    for (const master of ['local-cluster[2,1,1024]', 'yarn-client', 'YARN', 'Local[4]', 'mesos://h:5050', '']) {
      expect(issuesOf({ master }), master).toEqual([{ flag: '--master', message: expect.stringMatching(/ is not a Spark master; use local\[\*\], local\[N\], yarn, spark:\/\/host:port or k8s:\/\/\.\.\.$/) }]);
    }
  });

  it('checks a cluster master up front: a Hadoop configuration for YARN, a warehouse its executors can reach', () => {
    expect(issuesOf({ master: 'yarn', warehouse: 'hdfs://nn:8020/wh' })).toEqual([
      { flag: '--master', message: expect.stringMatching(/^--master yarn needs the cluster's Hadoop configuration: set HADOOP_CONF_DIR/) },
    ]);
    const empty = path.join(dir, 'empty-conf');
    mkdirSync(empty);
    const withEmptyConf = { ...environment, env: { ...environment.env, HADOOP_CONF_DIR: empty } };
    const noSite = validateOptions(options({ master: 'yarn', warehouse: 'hdfs://nn:8020/wh' }), withEmptyConf);
    expect(!noSite.ok && noSite.issues[0]?.message).toMatch(/has no yarn-site.xml/);
    for (const master of ['k8s://https://h:6443', 'spark://spark-master.example:7077']) {
      expect(issuesOf({ master, warehouse: 'wh' })).toEqual([
        { flag: '--warehouse', message: expect.stringMatching(/is on this machine's disk, but --master .* runs executors on other hosts/) },
      ]);
    }
    expect(issuesOf({ conf: ['spark.submit.deployMode=cluster'] })).toEqual([
      { flag: '--conf', message: expect.stringMatching(/^--conf spark.submit.deployMode=cluster is not supported: the driver would run on a cluster host/) },
    ]);
    // a standalone master on this machine may have its workers here: a local warehouse is fine
    expect(validateOptions(options({ master: 'spark://127.0.0.1:7077', warehouse: 'wh' }), environment).ok).toBe(true);
  });

  it('names a Hadoop site file that is a socket as what it is', () => {
    const conf = path.join(dir, 'socket-conf');
    mkdirSync(conf);
    plantUnixSocket(path.join(conf, 'yarn-site.xml'));
    const yarn = validateOptions(options({ master: 'yarn', warehouse: 'hdfs://nn:8020/wh' }), { ...environment, env: { ...environment.env, HADOOP_CONF_DIR: conf } });
    expect(!yarn.ok && yarn.issues).toContainEqual({
      flag: '--master',
      message: `--master yarn: HADOOP_CONF_DIR=${conf}: its yarn-site.xml is a socket, not a file; put the cluster's yarn-site.xml there, or point HADOOP_CONF_DIR at the cluster's Hadoop configuration folder.`,
    });
  });

  it('names a Hadoop site file that is a FIFO, a folder or too large, for YARN and for an HDFS warehouse, rather than wait on it', () => {
    const conf = path.join(dir, 'odd-conf');
    mkdirSync(conf);
    execFileSync('mkfifo', [path.join(conf, 'yarn-site.xml')]);
    mkdirSync(path.join(conf, 'hdfs-site.xml'));
    writeFileSync(path.join(conf, 'core-site.xml'), '');
    truncateSync(path.join(conf, 'core-site.xml'), HADOOP_SITE_MAX_BYTES + 1);
    const onCluster = { ...environment, env: { ...environment.env, HADOOP_CONF_DIR: conf } };
    const fix = (file: string) => `put the cluster's ${file} there, or point HADOOP_CONF_DIR at the cluster's Hadoop configuration folder.`;
    const yarn = validateOptions(options({ master: 'yarn', warehouse: 'hdfs://nn:8020/wh' }), onCluster);
    expect(!yarn.ok && yarn.issues).toEqual([
      { flag: '--master', message: `--master yarn: HADOOP_CONF_DIR=${conf}: its core-site.xml is larger than 4 MB, more than any core-site.xml; ${fix('core-site.xml')}` },
      { flag: '--master', message: `--master yarn: HADOOP_CONF_DIR=${conf}: its hdfs-site.xml is a folder, not a file; ${fix('hdfs-site.xml')}` },
      { flag: '--master', message: `--master yarn: HADOOP_CONF_DIR=${conf}: its yarn-site.xml is a FIFO (named pipe), not a file; ${fix('yarn-site.xml')}` },
    ]);
    const hdfs = validateOptions(options({ warehouse: 'hdfs://nn:8020/wh' }), onCluster);
    expect(!hdfs.ok && hdfs.issues.map((issue) => issue.flag)).toEqual(['--warehouse', '--warehouse', '--warehouse']);
    expect(!hdfs.ok && hdfs.issues[1]!.message).toBe(`--warehouse hdfs://nn:8020/wh: HADOOP_CONF_DIR=${conf}: its hdfs-site.xml is a folder, not a file; ${fix('hdfs-site.xml')}`);
    // A local master and warehouse read no Hadoop configuration.
    expect(validateOptions(options({ warehouse: 'wh' }), onCluster).ok).toBe(true);
  });

  it('reports every problem at once and creates nothing', () => {
    const issues = issuesOf({ startDate: 'x', master: 'nope', runsDir: 'new/runs' });
    expect(issues.map((issue) => issue.flag)).toEqual(['--start-date', '--master']);
    expect(() => mkdirSync(path.join(dir, 'new'))).not.toThrow();
  });

  it('refuses waits that would overflow Node timers and fire at once', () => {
    expect(issuesOf({ retries: 2, retryDelay: 3_000_000 })).toEqual([{ flag: '--retry-delay', message: '--retry-delay 3000000 is too high: it must be at most 86400; e.g. --retry-delay 60.' }]);
    expect(issuesOf({ grace: 3_000_000 })).toEqual([{ flag: '--grace', message: '--grace 3000000 is too high: it must be at most 86400; e.g. --grace 30.' }]);
    expect(validateOptions(options({ retries: 2, retryDelay: 86_400 }), environment).ok).toBe(true);
  });

  it('cuts a 5,000-character value and escapes control characters in its message', () => {
    const [issue] = issuesOf({ master: `\u001b[2J${'y'.repeat(5000)}` });
    expect(issue!.message.length).toBeLessThan(300);
    expect(issue!.message).not.toContain('\u001b');
    expect(issue!.message).toContain('(5004 characters)');
  });

  it('takes --min-completeness as a percentage, only with silver and gold in the run', () => {
    const result = validateOptions(options({ minCompleteness: 90 }), environment);
    expect(result.ok && result.params.minCompleteness).toBe(90);
    expect(issuesOf({ minCompleteness: 120 })).toEqual([{ flag: '--min-completeness', message: '--min-completeness 120 is too high: it must be at most 100; e.g. --min-completeness 90.' }]);
    expect(issuesOf({ minCompleteness: Number.NaN })[0]!.message).toContain('(not a number)');
    expect(issuesOf({ minCompleteness: 50, skipGold: true })[0]!.message).toContain('needs both silver and gold');
  });
});
