/** A failed write to the run folder in words an operator acts on: "no space left on /data (writing ...)". */
export function describeWriteError(error: unknown, file: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOSPC':
      return `no space left on the device of ${file}`;
    case 'EDQUOT':
      return `disk quota exceeded writing ${file}`;
    case 'EROFS':
      return `read-only file system: cannot write ${file}`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied writing ${file}`;
    default:
      return `could not write ${file}: ${(error as Error | undefined)?.message ?? String(error)}`;
  }
}

/** True for the errors a full, over-quota or read-only disk gives. */
export function isWriteError(error: unknown): boolean {
  return ['ENOSPC', 'EDQUOT', 'EROFS', 'EIO'].includes((error as NodeJS.ErrnoException | undefined)?.code ?? '');
}
