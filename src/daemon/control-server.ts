import fs from 'node:fs';
import net from 'node:net';
import type { RunState } from '../runner/run/run-state.js';
import type { JobProgress, RunRecord } from '../runner/run/run-types.js';
import { SNAPSHOT_LOG_LINES } from './folder-snapshot.js';
import { OutputCoalescer } from './output-coalescer.js';
import { ServedLogTails } from './served-log-tails.js';
import { appVersion } from '../config/app-version.js';
import { clientMessageSchema } from './protocol-schemas.js';
import { capSnapshot, encodeMessage, MessageDecoder, PROTOCOL_VERSION, protocolMismatch, type ClientMessage, type HostMessage } from './protocol.js';
import type { RunController, RunEvent } from '../runner/run/events.js';

/** What the server needs of the runner it serves. */
export interface ServedRun extends RunController {
  readonly record: RunRecord;
  /** The run with its live figures, as the run fold leaves it. */
  readonly state: RunState;
  readonly runDir: string | undefined;
}

/** A client that lets this much output pile up unread is cut off, so a stalled client cannot grow the host. */
const MAX_CLIENT_BACKLOG_BYTES = 16 * 1024 * 1024;
/** A client that sends this many bad messages is cut off: it is not a console. */
const MAX_BAD_MESSAGES = 100;

/**
 * Serves one run on a Unix socket (mode 0600): a snapshot to each client on connect, then every event;
 * commands from any client go to the runner. Any number of clients; a client's leaving changes nothing.
 * Made before the runner starts, so the snapshot's log tails hold every line the run has printed.
 */
export class ControlServer {
  private readonly server: net.Server;
  private readonly clients = new Set<net.Socket>();
  private readonly unsubscribe: () => void;
  private readonly output = new OutputCoalescer((event) => this.broadcast(event));
  private readonly logTails = new ServedLogTails(SNAPSHOT_LOG_LINES);
  private onClientsChanged: (count: number) => void = () => {};

  constructor(
    private readonly run: ServedRun,
    readonly socketPath: string,
  ) {
    this.unsubscribe = run.subscribe((event) => {
      this.logTails.push(event);
      this.output.push(event);
    });
    this.server = net.createServer((socket) => this.accept(socket));
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Called with the new count whenever a client connects or leaves. */
  onClients(listener: (count: number) => void): void {
    this.onClientsChanged = listener;
  }

  listen(): Promise<void> {
    fs.rmSync(this.socketPath, { force: true });
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      // Created 0600 from the start: no window in which another user could connect.
      const previous = process.umask(0o177);
      this.server.listen(this.socketPath, () => {
        process.umask(previous);
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    this.unsubscribe();
    this.output.flush();
    for (const socket of this.clients) socket.end();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.clients) socket.destroy();
    fs.rmSync(this.socketPath, { force: true });
  }

  private accept(socket: net.Socket): void {
    // What was gathered goes to the clients already here; the new one has it in its snapshot.
    this.output.flush();
    this.clients.add(socket);
    socket.setEncoding('utf8');
    const decoder = new MessageDecoder(clientMessageSchema);
    let badMessages = 0;
    socket.on('data', (text: string) => {
      try {
        for (const decoded of decoder.push(text)) {
          if (decoded.ok) this.handle(socket, decoded.message);
          else {
            this.write(socket, { type: 'error', message: `bad message (${decoded.problem}); ignored` });
            if (++badMessages >= MAX_BAD_MESSAGES) socket.destroy();
          }
        }
      } catch {
        // a line past the limit: not a console
        this.write(socket, { type: 'error', message: 'message too long; closing the connection' });
        socket.destroy();
      }
    });
    const drop = () => {
      if (this.clients.delete(socket)) this.onClientsChanged(this.clients.size);
    };
    socket.on('close', drop);
    socket.on('error', drop);
    const record = this.run.record;
    const runDir = this.run.runDir ?? '';
    this.write(socket, { type: 'hello', protocol: PROTOCOL_VERSION, version: appVersion(), runId: record.id, pid: process.pid });
    this.write(socket, {
      type: 'snapshot',
      snapshot: capSnapshot({
        record,
        runDir,
        live: true,
        progress: liveProgress(this.run.state),
        logTails: this.logTails.snapshot(record.stages.map((stage) => stage.name)),
      }),
    });
    this.onClientsChanged(this.clients.size);
  }

  /** One checked message from a client. Nothing a client says can stop the host: a command goes to the
   *  runner, which ignores what does not apply (a skip of an unknown stage, say). */
  private handle(socket: net.Socket, message: ClientMessage): void {
    switch (message.type) {
      case 'hello': {
        const mismatch = protocolMismatch(message, { version: appVersion() }, 'console');
        if (mismatch) {
          this.write(socket, { type: 'error', message: mismatch });
          socket.end();
        }
        return;
      }
      case 'ping':
        return this.write(socket, { type: 'pong', id: message.id });
      case 'command': {
        const refuse = (error: unknown) => this.write(socket, { type: 'error', message: `${message.command.type} refused: ${(error as Error).message}` });
        try {
          // A command may need work first (a retry after the run ended takes the warehouse lock again).
          const result: unknown = this.run.send(message.command);
          if (result instanceof Promise) result.catch(refuse);
        } catch (error) {
          refuse(error);
        }
        return;
      }
    }
  }

  private broadcast(event: RunEvent): void {
    const line = encodeMessage({ type: 'event', event });
    for (const socket of this.clients) this.write(socket, line);
  }

  private write(socket: net.Socket, message: HostMessage | string): void {
    if (socket.destroyed) return;
    if (socket.writableLength > MAX_CLIENT_BACKLOG_BYTES) return void socket.destroy();
    socket.write(typeof message === 'string' ? message : encodeMessage(message));
  }
}

/** The job progress of the stages running as one process, for a client's first screen. */
function liveProgress(state: RunState): Record<string, JobProgress> {
  const progress: Record<string, JobProgress> = {};
  for (const stage of state.stages) if (stage.status === 'running' && !stage.chunks && stage.progress) progress[stage.name] = stage.progress;
  return progress;
}
