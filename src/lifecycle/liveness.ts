import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { isProcessAlive } from '../runner/process/proc.js';

// The one liveness rule, for every record that names an owning process (the machine lock, the warehouse
// marker, host.json, the resumed-by record): the owner is the process with that pid AND that kernel start time
// on that machine.
// - alive: the pid lives with the recorded start time;
// - gone: the pid does not live, or lives with another start time (a later process reused it);
// - unknown: the record cannot be read, names another machine, or has no start time while the pid lives (it
//   may be any process that got the pid since). Unknown never licenses taking a lock over or killing anything.
// For a run, the control socket (connect answered or refused) and the machine lock are asked too: see runState.

export type Verdict = 'alive' | 'gone' | 'unknown';

export interface Liveness {
  verdict: Verdict;
  /** Why, in words, for messages: "pid 42 is gone". */
  why: string;
}

export interface Owner {
  pid: number;
  startTime?: string;
  /** The machine; absent in records of older versions, which were this machine's. */
  host?: string;
}

export function ownerLiveness(owner: Owner | undefined, here: string = os.hostname()): Liveness {
  if (owner === undefined) return { verdict: 'unknown', why: 'its record cannot be read' };
  if ((owner.host ?? here) !== here) return { verdict: 'unknown', why: `it runs on ${owner.host}, whose processes cannot be checked from here` };
  if (!isProcessAlive(owner.pid)) return { verdict: 'gone', why: `pid ${owner.pid} is gone` };
  if (owner.startTime === undefined) {
    return { verdict: 'unknown', why: `pid ${owner.pid} lives, but the record has no start time to tell it from a later process with the same pid` };
  }
  return isProcessAlive(owner.pid, owner.startTime)
    ? { verdict: 'alive', why: `pid ${owner.pid} is alive` }
    : { verdict: 'gone', why: `pid ${owner.pid} is gone (the pid now belongs to a later process)` };
}

/** `answers`: something listens on the socket; `dead`: the file is there but connect is refused (its server
 *  died: kill -9); `absent`: no such file. */
export type SocketState = 'answers' | 'dead' | 'absent';

export function probeSocket(socketPath: string, timeoutMs = 2000): Promise<SocketState> {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(socketPath);
  } catch {
    return Promise.resolve('absent');
  }
  if (!stat.isSocket()) return Promise.resolve('absent');
  return new Promise((resolve) => {
    const socket = net.createConnection(socketPath);
    const done = (state: SocketState) => {
      socket.destroy();
      resolve(state);
    };
    // A stopped (SIGSTOP) server still has its connections accepted by the kernel: no answer in time is not death.
    socket.setTimeout(timeoutMs, () => done('answers'));
    socket.once('connect', () => done('answers'));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED' || error.code === 'ENOENT' ? 'dead' : 'answers'));
  });
}

/** Removes a socket file nobody listens on (its host was killed), only if it is still a socket of this user. */
export function removeDeadSocket(socketPath: string): boolean {
  try {
    const stat = fs.lstatSync(socketPath);
    const uid = process.getuid?.();
    if (!stat.isSocket() || (uid !== undefined && stat.uid !== uid)) return false;
    fs.rmSync(socketPath);
    return true;
  } catch {
    return false;
  }
}
