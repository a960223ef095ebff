import net from 'node:net';
import { appVersion } from '../config/app-version.js';
import { hostMessageSchema } from './protocol-schemas.js';
import { encodeMessage, MessageDecoder, PROTOCOL_VERSION, protocolMismatch, snapshotEvents, type RunSnapshot } from './protocol.js';
import type { RunController, RunEvent, RunEventListener, RunnerCommand } from '../runner/run/events.js';

/** How often a client asks the host whether it is there. */
export const PING_INTERVAL_MS = 1000;
/** Silence after which the host counts as not answering (stopped, swapped out, hung). */
export const STALL_AFTER_MS = 4000;

/** A host that has not answered for `silentMs` (`stalled`), or answers again (`!stalled`). */
export type StallListener = (stalled: boolean, silentMs: number) => void;

export interface ConnectOptions {
  timeoutMs?: number;
  pingIntervalMs?: number;
  stallAfterMs?: number;
}

/** The host refused this console or cannot be understood by it (another version). */
export class ProtocolError extends Error {}

/**
 * A RunController for a run served by a runner host over its control socket. The first subscriber gets the
 * snapshot (as events that rebuild the run view) and whatever arrived since; later ones get live events only.
 * It pings the host every second; after a few seconds of silence it tells its stall listeners, so a screen
 * can say the host is not answering instead of freezing.
 */
export class SocketRunController implements RunController {
  private readonly listeners = new Set<RunEventListener>();
  /** Events held until the first subscriber; dropped after that. */
  private backlog: RunEvent[] | undefined = [];
  private readonly closeListeners = new Set<() => void>();
  private readonly stallListeners = new Set<StallListener>();
  private closed = false;
  private lastHeard = Date.now();
  private stalled = false;
  private pingId = 0;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly hostErrorListeners = new Set<(message: string) => void>();

  private constructor(
    private readonly socket: net.Socket,
    readonly snapshot: RunSnapshot,
    private readonly options: Required<Pick<ConnectOptions, 'pingIntervalMs' | 'stallAfterMs'>>,
  ) {
    this.backlog = snapshotEvents(snapshot);
    this.heartbeat = setInterval(() => this.beat(), options.pingIntervalMs);
    this.heartbeat.unref();
  }

  /** Connects and resolves once the host's hello and snapshot have arrived. */
  static connect(socketPath: string, options: ConnectOptions | number = {}): Promise<SocketRunController> {
    const { timeoutMs = 10_000, pingIntervalMs = PING_INTERVAL_MS, stallAfterMs = STALL_AFTER_MS } = typeof options === 'number' ? { timeoutMs: options } : options;
    return new Promise((resolve, reject) => {
      const socket = net.createConnection(socketPath);
      socket.setEncoding('utf8');
      const decoder = new MessageDecoder(hostMessageSchema);
      let controller: SocketRunController | undefined;
      let greeted = false;
      const timer = setTimeout(() => fail(new Error(`no answer on ${socketPath} within ${timeoutMs} ms`)), timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      };
      socket.on('connect', () => socket.write(encodeMessage({ type: 'hello', protocol: PROTOCOL_VERSION, version: appVersion() })));
      socket.on('error', (error) => (controller ? controller.markClosed() : fail(error)));
      socket.on('close', () => (controller ? controller.markClosed() : fail(new Error(`${socketPath} closed before its snapshot`))));
      socket.on('data', (text: string) => {
        let decoded;
        try {
          decoded = decoder.push(text);
        } catch (error) {
          return void (controller ? socket.destroy() : fail(error as Error));
        }
        if (controller) controller.heard();
        for (const item of decoded) {
          if (!item.ok) {
            if (!controller) return fail(new ProtocolError(`the runner host sent a message this backfill cannot read (${item.problem}); it may be another version.`));
            continue;
          }
          const message = item.message;
          if (message.type === 'hello') {
            greeted = true;
            const mismatch = protocolMismatch(message, { version: appVersion() }, 'runner host');
            if (mismatch) return fail(new ProtocolError(mismatch));
          } else if (message.type === 'snapshot' && !controller) {
            if (!greeted) return fail(new ProtocolError(protocolMismatch({ protocol: 1, version: 'older' }, { version: appVersion() }, 'runner host')));
            clearTimeout(timer);
            controller = new SocketRunController(socket, message.snapshot, { pingIntervalMs, stallAfterMs });
            resolve(controller);
          } else if (message.type === 'event') {
            controller?.deliver(message.event);
          } else if (message.type === 'error') {
            if (!controller) return fail(new ProtocolError(`the runner host refused this console: ${message.message}`));
            controller.tellHostError(message.message);
          }
        }
      });
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** True while the host has not answered for `stallAfterMs`. */
  get isStalled(): boolean {
    return this.stalled;
  }

  subscribe(listener: RunEventListener): () => void {
    this.listeners.add(listener);
    const backlog = this.backlog;
    this.backlog = undefined;
    for (const event of backlog ?? []) listener(event);
    return () => this.listeners.delete(listener);
  }

  send(command: RunnerCommand): void {
    if (!this.closed) this.socket.write(encodeMessage({ type: 'command', command }));
  }

  /** Called once when the host goes away (the run ended and the host exited, or it was killed). */
  onClose(listener: () => void): () => void {
    if (this.closed) listener();
    else this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** Told when the host stops answering, and again when it answers after that. */
  onStall(listener: StallListener): () => void {
    this.stallListeners.add(listener);
    return () => this.stallListeners.delete(listener);
  }

  /** Told what the host answered with an error: a refused command (a retry while another run holds the
   *  warehouse), a message it could not read. The text comes from outside: sanitize it before printing. */
  onHostError(listener: (message: string) => void): () => void {
    this.hostErrorListeners.add(listener);
    return () => this.hostErrorListeners.delete(listener);
  }

  /** Leaves the run: it goes on in its host. */
  close(): void {
    this.stopHeartbeat();
    this.socket.end();
    this.socket.destroy();
  }

  private beat(): void {
    if (this.closed) return this.stopHeartbeat();
    const silentMs = Date.now() - this.lastHeard;
    if (!this.stalled && silentMs >= this.options.stallAfterMs) {
      this.stalled = true;
      for (const listener of this.stallListeners) listener(true, silentMs);
    }
    // A stopped host's socket buffer fills up: do not pile pings on it.
    if (this.socket.writableLength < 64 * 1024) this.socket.write(encodeMessage({ type: 'ping', id: ++this.pingId }));
  }

  private heard(): void {
    const silentMs = Date.now() - this.lastHeard;
    this.lastHeard = Date.now();
    if (this.stalled) {
      this.stalled = false;
      for (const listener of this.stallListeners) listener(false, silentMs);
    }
  }

  private tellHostError(message: string): void {
    for (const listener of this.hostErrorListeners) listener(message);
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private deliver(event: RunEvent): void {
    if (this.backlog) this.backlog.push(event);
    else for (const listener of this.listeners) listener(event);
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopHeartbeat();
    for (const listener of this.closeListeners) listener();
    this.closeListeners.clear();
  }
}

/** A controller over a finished (or interrupted) run's folder: its snapshot, and no commands. */
export function folderController(snapshot: RunSnapshot): RunController {
  return {
    subscribe(listener) {
      for (const event of snapshotEvents(snapshot)) listener(event);
      return () => {};
    },
    send() {},
  };
}
