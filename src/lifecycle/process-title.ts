/** What `ps` and `top` show for this process: `backfill <run-id>`, so an operator on a shared edge node can
 *  tell which process is which run (and which one is the runner host). */
export function nameProcessAfterRun(runId: string, role?: 'runner host'): void {
  try {
    process.title = role ? `backfill ${runId} (${role})` : `backfill ${runId}`;
  } catch {
    // some platforms refuse; the run does not depend on it
  }
}
