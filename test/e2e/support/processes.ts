import { readdirSync, readFileSync } from 'node:fs';

/** Pids of live (non-zombie) processes whose environment carries BACKFILL_RUN_ID=<runId>. */
export function processesOfRun(runId: string): number[] {
  const marker = `BACKFILL_RUN_ID=${runId}`;
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(marker)) pids.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}
