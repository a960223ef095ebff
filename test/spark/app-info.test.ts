import { describe, expect, it } from 'vitest';
import { reachableUiUrl, SparkAppInfoReader } from '../../src/spark/app-info.js';

describe('SparkAppInfoReader', () => {
  it('reads the UI address, first from the port line, then from the bound line', () => {
    const reader = new SparkAppInfoReader();
    expect(reader.read('24/11/24 01:30:00 INFO SparkContext: Running Spark version 3.5.7')).toBeUndefined();
    expect(reader.read("24/11/24 01:30:01 INFO Utils: Successfully started service 'SparkUI' on port 4041.")).toEqual({
      uiUrl: 'http://127.0.0.1:4041',
    });
    expect(reader.read('24/11/24 01:30:01 INFO SparkUI: Bound SparkUI to 0.0.0.0, and started at http://10.1.2.3:4041')).toEqual({
      uiUrl: 'http://10.1.2.3:4041',
    });
    // the same line again teaches nothing
    expect(reader.read("24/11/24 01:30:01 INFO Utils: Successfully started service 'SparkUI' on port 4041.")).toBeUndefined();
  });

  it('takes the port Spark 3.5.7 settled on after a busy one (lines from a real local run)', () => {
    const reader = new SparkAppInfoReader();
    expect(reader.read('26/11/24 01:52:21 INFO JettyUtils: Start Jetty 127.0.0.1:4040 for SparkUI')).toBeUndefined();
    expect(reader.read("26/11/24 01:52:21 WARN Utils: Service 'SparkUI' could not bind on port 4040. Attempting port 4041.")).toBeUndefined();
    expect(reader.read("26/11/24 01:52:21 INFO Utils: Successfully started service 'SparkUI' on port 4041.")).toEqual({ uiUrl: 'http://127.0.0.1:4041' });
  });

  it('reads a YARN application id and tracking URL, keeping the first id', () => {
    const reader = new SparkAppInfoReader();
    reader.read('INFO Client: Submitting application application_1700000000000_0042 to ResourceManager');
    reader.read('INFO Client: Application report for application_1700000000000_0042 (state: ACCEPTED)');
    reader.read('\t tracking URL: N/A');
    const info = reader.read('\t tracking URL: http://rm:8088/proxy/application_1700000000000_0042/');
    expect(info).toEqual({ appId: 'application_1700000000000_0042', trackingUrl: 'http://rm:8088/proxy/application_1700000000000_0042/' });
    expect(reader.read('something about application_1700000000000_0099')).toBeUndefined();
  });

  it('asks loopback for a UI bound to every interface', () => {
    expect(reachableUiUrl('http://0.0.0.0:4040')).toBe('http://127.0.0.1:4040');
    expect(reachableUiUrl('http://driver-host:4040')).toBe('http://driver-host:4040');
  });
});

describe('SparkAppInfoReader on a standalone master', () => {
  it('reads the master and the application id from the driver log', async () => {
    const { SparkAppInfoReader } = await import('../../src/spark/app-info.js');
    const reader = new SparkAppInfoReader();
    reader.read('26/11/30 01:23:45 INFO StandaloneAppClient$ClientEndpoint: Connecting to master spark://127.0.0.1:7077...');
    reader.read('26/11/30 01:23:46 INFO StandaloneSchedulerBackend: Connected to Spark cluster with app ID app-20261130012346-0003');
    expect(reader.current).toEqual({ master: 'spark://127.0.0.1:7077', appId: 'app-20261130012346-0003' });
  });
});
