import type { SparkAppInfo } from '../runner/run/run-types.js';

// What a driver's log says about where its application lives. Spark 3.5 prints, on stderr:
//   INFO Utils: Successfully started service 'SparkUI' on port 4041.
//   INFO SparkUI: Bound SparkUI to 0.0.0.0, and started at http://10.0.0.5:4041
// and on YARN (client or cluster mode):
//   INFO Client: Submitting application application_1700000000000_0042 to ResourceManager
//   tracking URL: http://rm:8088/proxy/application_1700000000000_0042/
const BOUND_UI = /Bound SparkUI to [^,]+, and started at (https?:\/\/\S+)/;
const UI_PORT = /Successfully started service 'SparkUI' on port (\d+)/;
const APP_ID = /\b(application_\d+_\d+)\b/;
// Spark standalone (client mode): `StandaloneSchedulerBackend: Connected to Spark cluster with app ID app-20261130012345-0000`
// after `StandaloneAppClient$ClientEndpoint: Connecting to master spark://127.0.0.1:7077...`.
const STANDALONE_APP_ID = /Connected to Spark cluster with app ID (app-\d+-\d+)/;
const STANDALONE_MASTER = /Connecting to master (spark:\/\/[^\s.]+(?:\.[^\s.]+)*:\d+)/;
const TRACKING_URL = /tracking URL: (https?:\/\/\S+)/i;
/** Every line the patterns above can match holds one of these; one test of it is cheaper than four. */
const MAY_TELL = /SparkUI|application_|url|app ID|to master/i;

/** Reads a stage's log lines, one at a time, and remembers what they say about its Spark application. */
export class SparkAppInfoReader {
  private readonly info: SparkAppInfo = {};
  private port: string | undefined;

  /** The info after this line, or undefined when the line taught nothing new. */
  read(line: string): SparkAppInfo | undefined {
    // Nearly every line says none of it: a cheap look first, the patterns only when it may.
    if (!MAY_TELL.test(line)) return undefined;
    const before = JSON.stringify(this.info);
    const bound = BOUND_UI.exec(line);
    if (bound) this.info.uiUrl = bound[1]!.replace(/\/+$/, '');
    const port = UI_PORT.exec(line);
    // The port line comes first; until the bound line names the host, the driver is assumed local.
    if (port) {
      this.port = port[1];
      this.info.uiUrl ??= `http://127.0.0.1:${this.port}`;
    }
    if (!this.info.appId) {
      const appId = APP_ID.exec(line) ?? STANDALONE_APP_ID.exec(line);
      if (appId) this.info.appId = appId[1];
    }
    const master = STANDALONE_MASTER.exec(line);
    if (master) this.info.master = master[1];
    const tracking = TRACKING_URL.exec(line);
    if (tracking && tracking[1] !== 'N/A') this.info.trackingUrl = tracking[1];
    return JSON.stringify(this.info) === before ? undefined : { ...this.info };
  }

  get current(): SparkAppInfo {
    return { ...this.info };
  }
}

/** `http://0.0.0.0:4040` cannot be fetched everywhere; the driver listens on every interface, so ask loopback. */
export function reachableUiUrl(uiUrl: string): string {
  return uiUrl.replace(/^(https?:\/\/)0\.0\.0\.0(?=[:/]|$)/, '$1127.0.0.1');
}
