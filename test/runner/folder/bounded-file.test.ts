import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBoundedFile, readBoundedTail, RecordFileError, tryReadBoundedFile } from '../../../src/runner/folder/bounded-file.js';
import { useTempDirs } from '../../fixtures/temp-dir.js';
import { plantUnixSocket } from '../../fixtures/unix-socket.js';

const tempDir = useTempDirs();

function refusal(read: () => unknown): RecordFileError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(RecordFileError);
    return error as RecordFileError;
  }
  throw new Error('expected a refusal');
}

describe('the bounded reader of record files', () => {
  it('reads a record within its cap, the tail of one from a whole line', () => {
    const file = path.join(tempDir(), 'host.json');
    fs.writeFileSync(file, '{"pid": 1}\n');
    expect(readBoundedFile(file)).toBe('{"pid": 1}\n');
    fs.writeFileSync(file, 'first line\nsecond\nthird\n');
    expect(readBoundedTail(file, 10)).toEqual({ text: 'third\n', startByte: 18, fileBytes: 24 });
    expect(readBoundedTail(file)).toEqual({ text: 'first line\nsecond\nthird\n', startByte: 0, fileBytes: 24 });
  });

  it('refuses a FIFO without waiting for a writer, and names it', () => {
    const fifo = path.join(tempDir(), 'run.json');
    execFileSync('mkfifo', [fifo]);
    const error = refusal(() => readBoundedFile(fifo));
    expect(error.code).toBe('ENOTREG');
    expect(error.message).toBe(`${fifo} is a FIFO (named pipe), not a file backfill writes; move it aside`);
    expect(refusal(() => readBoundedTail(fifo)).code).toBe('ENOTREG');
    expect(tryReadBoundedFile(fifo)).toBeUndefined();
  });

  it('refuses a Unix socket, which cannot even be opened, and names it', () => {
    const socket = path.join(tempDir(), 'host.json');
    plantUnixSocket(socket);
    const error = refusal(() => readBoundedFile(socket));
    expect(error).toMatchObject({ code: 'ENOTREG', kind: 'a socket', message: `${socket} is a socket, not a file backfill writes; move it aside` });
    expect(refusal(() => readBoundedTail(socket)).kind).toBe('a socket');
  });

  it('refuses a device, a folder and a file over the cap, each named', () => {
    expect(refusal(() => readBoundedFile('/dev/zero')).message).toMatch(/^\/dev\/zero is a character device/);
    const dir = tempDir();
    expect(refusal(() => readBoundedFile(dir)).message).toMatch(/is a folder/);
    const huge = path.join(dir, 'run.json');
    fs.writeFileSync(huge, '');
    fs.truncateSync(huge, 2048);
    const error = refusal(() => readBoundedFile(huge, 1024));
    expect(error.code).toBe('EFBIG');
    expect(error.message).toBe(`${huge} is 2048 bytes, more than a record of its kind can be (1024 bytes); move it aside`);
  });

  it('keeps ENOENT for a missing file, so callers can tell none from a bad one', () => {
    const missing = path.join(tempDir(), 'resumed-by.json');
    const error = refusal(() => readBoundedFile(missing));
    expect(error.code).toBe('ENOENT');
    expect(error.message).toContain(missing);
  });
});

describe('a record file whose path holds escape sequences', () => {
  // A runs dir like `/tmp/runs\e]0;PWN\a`: stripped by the sanitizer, it would name another folder; escaped, it
  // is named whole.
  it('is named escaped and whole in every refusal', () => {
    const dir = path.join(tempDir(), 'runs\u001b]0;PWN\u0007\u202e');
    fs.mkdirSync(path.join(dir, 'run.json'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'big.json'), 'x'.repeat(100));
    const escaped = dir.replace('\u001b', '\\x1b').replace('\u0007', '\\x07').replace('\u202e', '\\u202e');
    expect(refusal(() => readBoundedFile(path.join(dir, 'run.json'))).message).toContain(`${escaped}/run.json is a folder`);
    expect(refusal(() => readBoundedFile(path.join(dir, 'missing.json'))).message).toContain(`${escaped}/missing.json cannot be read`);
    expect(refusal(() => readBoundedFile(path.join(dir, 'big.json'), 10)).message).toContain(`${escaped}/big.json is 100 bytes`);
  });
});
