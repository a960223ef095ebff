import net from 'node:net';
import type { RunController, RunEvent, RunEventListener, RunnerCommand } from '../runner/types.js';
import { encodeMessage, MessageDecoder, snapshotEvents, type HostMessage, type RunSnapshot } from './protocol.js';

/**
 * A RunController for a run served by a runner host over its control socket. The first subscriber gets the
 * snapshot (as events that rebuild the run view) and whatever arrived since; later ones get live events only.
 */
export class SocketRunController implements RunController {
  private readonly listeners = new Set<RunEventListener>();
  /** Events held until the first subscriber; dropped after that. */
  private backlog: RunEvent[] | undefined = [];
  private readonly closeListeners = new Set<() => void>();
  private closed = false;

  private constructor(
    private readonly socket: net.Socket,
    readonly snapshot: RunSnapshot,
  ) {
    this.backlog = snapshotEvents(snapshot);
  }

  /** Connects and resolves once the host's snapshot has arrived. */
  static connect(socketPath: string, timeoutMs = 10_000): Promise<SocketRunController> {
    return new Promise((resolve, reject) => {
      const socket = net.createConnection(socketPath);
      socket.setEncoding('utf8');
      const decoder = new MessageDecoder<HostMessage>();
      let controller: SocketRunController | undefined;
      const timer = setTimeout(() => fail(new Error(`no answer on ${socketPath} within ${timeoutMs} ms`)), timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      };
      socket.on('error', (error) => (controller ? controller.markClosed() : fail(error)));
      socket.on('close', () => (controller ? controller.markClosed() : fail(new Error(`${socketPath} closed before its snapshot`))));
      socket.on('data', (text: string) => {
        let messages: HostMessage[];
        try {
          messages = decoder.push(text);
        } catch (error) {
          return void (controller ? socket.destroy() : fail(error as Error));
        }
        for (const message of messages) {
          if (message.type === 'snapshot' && !controller) {
            clearTimeout(timer);
            controller = new SocketRunController(socket, message.snapshot);
            resolve(controller);
          } else if (message.type === 'event') {
            controller?.deliver(message.event);
          }
        }
      });
    });
  }

  get isClosed(): boolean {
    return this.closed;
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

  /** Leaves the run: it goes on in its host. */
  close(): void {
    this.socket.end();
    this.socket.destroy();
  }

  private deliver(event: RunEvent): void {
    if (this.backlog) this.backlog.push(event);
    else for (const listener of this.listeners) listener(event);
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
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
