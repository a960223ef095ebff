import type { CommitRecord, StageRecord } from './types.js';

/** Every commit of a run, stage by stage and chunk by chunk (in record order). */
export function commitsOf(stages: readonly StageRecord[]): Array<CommitRecord & { stage: string; chunk?: string }> {
  return stages.flatMap((stage) => [
    ...(stage.commits ?? []).map((commit) => ({ ...commit, stage: stage.name })),
    ...(stage.chunks ?? []).flatMap((chunk) => (chunk.commits ?? []).map((commit) => ({ ...commit, stage: stage.name, chunk: chunk.id }))),
  ]);
}

/** Rows the run wrote, per table, in the order tables were first written. */
export function rowsPerTable(stages: readonly StageRecord[]): Array<{ table: string; rows: number }> {
  const rows = new Map<string, number>();
  for (const commit of commitsOf(stages)) rows.set(commit.table, (rows.get(commit.table) ?? 0) + commit.rowsWritten);
  return [...rows].map(([table, count]) => ({ table, rows: count }));
}

/**
 * How to undo the run, table by table: roll each table back to the snapshot its first commit in the run
 * replaced (the root of the run's chain of commits on it; chunks may commit in any order). A table the run
 * created has no snapshot to go back to.
 */
export function rollbackPlan(stages: readonly StageRecord[], catalog = 'lh'): Array<{ table: string; sql: string; toSnapshot: string | null }> {
  const byTable = new Map<string, CommitRecord[]>();
  for (const commit of commitsOf(stages)) byTable.set(commit.table, [...(byTable.get(commit.table) ?? []), commit]);
  return [...byTable].map(([table, commits]) => {
    const ours = new Set(commits.map((commit) => commit.snapshotId));
    const root = commits.find((commit) => commit.parentSnapshotId === null || !ours.has(commit.parentSnapshotId)) ?? commits[0]!;
    const name = table.startsWith(`${catalog}.`) ? table.slice(catalog.length + 1) : table;
    return root.parentSnapshotId === null
      ? { table, toSnapshot: null, sql: `-- ${table} was created by this run: nothing to roll back to (DROP TABLE ${table} removes it)` }
      : { table, toSnapshot: root.parentSnapshotId, sql: `CALL ${catalog}.system.rollback_to_snapshot('${name}', ${root.parentSnapshotId})` };
  });
}
