import type { CommitRecord, ProcessRecord, StageRecord, StageStatus } from './run-types.js';

/** Every commit of a run, stage by stage and chunk by chunk (in record order). */
export function commitsOf(stages: readonly StageRecord[]): Array<CommitRecord & { stage: string; chunk?: string }> {
  return stages.flatMap((stage) => [
    ...(stage.commits ?? []).map((commit) => ({ ...commit, stage: stage.name })),
    ...(stage.chunks ?? []).flatMap((chunk) => (chunk.commits ?? []).map((commit) => ({ ...commit, stage: stage.name, chunk: chunk.id }))),
  ]);
}

/** A stage or chunk that started, then failed or was stopped without reporting its commits: stopped just
 *  after a commit, it changed a table that no record names. */
export interface UnreportedUnit {
  stage: string;
  chunk?: string;
  status: StageStatus;
  startedAt: string;
}

/** The units whose commits are unknown: started, ended failed or aborted, no job result. */
export function unreportedUnits(stages: readonly StageRecord[]): UnreportedUnit[] {
  const unknown = (unit: ProcessRecord) => unit.startedAt !== null && (unit.status === 'failed' || unit.status === 'aborted') && unit.commits === undefined;
  return stages.flatMap((stage) => {
    if (!stage.chunks) return unknown(stage) ? [{ stage: stage.name, status: stage.status, startedAt: stage.startedAt! }] : [];
    return stage.chunks.filter(unknown).map((chunk) => ({ stage: stage.name, chunk: chunk.id, status: chunk.status, startedAt: chunk.startedAt! }));
  });
}

/** Rows the run wrote, per table, in the order tables were first written. */
export function rowsPerTable(stages: readonly StageRecord[]): Array<{ table: string; rows: number }> {
  const rows = new Map<string, number>();
  for (const commit of commitsOf(stages)) rows.set(commit.table, (rows.get(commit.table) ?? 0) + commit.rowsWritten);
  return [...rows].map(([table, count]) => ({ table, rows: count }));
}

/** One table's way back to before the run: Spark SQL, or none (`sql: null`) when the table's name does not read
 *  as one, saying why (`problem`). */
export type RollbackStep = { table: string; toSnapshot: string | null } & ({ sql: string } | { sql: null; problem: string });

/** Why a table's name gets no rollback SQL: it is not one Spark SQL table name, written as Spark writes it. */
export const NOT_A_TABLE_NAME =
  'does not read as one Spark SQL table name (parts joined by dots, each of letters, digits and _, or in backticks with `` for a backtick inside)';

/**
 * How to undo the run, table by table: roll each table back to the snapshot its first commit in the run
 * replaced (the root of the run's chain of commits on it; chunks may commit in any order). A table the run
 * created has no snapshot to go back to.
 */
export function rollbackPlan(stages: readonly StageRecord[], catalog = 'lh'): RollbackStep[] {
  const byTable = new Map<string, CommitRecord[]>();
  for (const commit of commitsOf(stages)) byTable.set(commit.table, [...(byTable.get(commit.table) ?? []), commit]);
  return [...byTable].map(([table, commits]) => {
    const ours = new Set(commits.map((commit) => commit.snapshotId));
    const root = commits.find((commit) => commit.parentSnapshotId === null || !ours.has(commit.parentSnapshotId)) ?? commits[0]!;
    const parts = identifierParts(table);
    if (parts === null) return { table, toSnapshot: root.parentSnapshotId, sql: null, problem: NOT_A_TABLE_NAME };
    const inCatalog = parts.length > 1 && parts[0] === catalog ? parts.slice(1) : parts;
    if (root.parentSnapshotId === null) {
      // A line break would end the comment and make the rest of the name a statement.
      const quoted = parts.map(sparkIdentifier).join('.').replace(/[\r\n]/g, ' ');
      return { table, toSnapshot: null, sql: `-- ${quoted} was created by this run: nothing to roll back to (DROP TABLE ${quoted} removes it)` };
    }
    const name = sparkStringLiteral(inCatalog.map(sparkIdentifier).join('.'));
    return { table, toSnapshot: root.parentSnapshotId, sql: `CALL ${catalog}.system.rollback_to_snapshot(${name}, ${root.parentSnapshotId})` };
  });
}

// Table names come from the jobs: in SQL for the operator to paste they are quoted, never spliced in.

/** A part Spark SQL reads without backticks. */
const BARE_PART = /^\w+$/;

/**
 * The parts of `catalog.db.table` as a job names it, each bare (letters, digits, _) or in backticks (`` for a
 * backtick inside); null for a name that is not exactly that. Written back from its parts, the name must be
 * the very same: otherwise the parts would name another table (``lh.bronze.`open`x`` is not `open`, nor is
 * an unterminated `` `bronze.t `` one part, nor `bronze.t.` a table with an empty name).
 */
export function identifierParts(name: string): string[] | null {
  const parts = scannedParts(name);
  const wellFormed = parts.every((part) => part.text !== '' && (part.quoted || BARE_PART.test(part.text)));
  const writtenBack = parts.map((part) => (part.quoted ? sparkIdentifier(part.text) : part.text)).join('.');
  return wellFormed && writtenBack === name ? parts.map((part) => part.text) : null;
}

/** The parts of `name` read leniently: a part from a backtick up to the closing one (or the end), else up to a dot. */
function scannedParts(name: string): Array<{ text: string; quoted: boolean }> {
  const parts: Array<{ text: string; quoted: boolean }> = [];
  let at = 0;
  while (at <= name.length) {
    let text = '';
    const quoted = name[at] === '`';
    if (quoted) {
      for (at++; at < name.length; at++) {
        if (name[at] === '`' && name[at + 1] === '`') text += name[++at];
        else if (name[at] === '`') break;
        else text += name[at];
      }
      at++; // the closing backtick
      const dot = name.indexOf('.', at);
      at = dot < 0 ? name.length + 1 : dot + 1;
    } else {
      const dot = name.indexOf('.', at);
      text = name.slice(at, dot < 0 ? name.length : dot);
      at = dot < 0 ? name.length + 1 : dot + 1;
    }
    parts.push({ text, quoted });
  }
  return parts;
}

/** A Spark SQL identifier: in backticks, a backtick inside doubled (then any name is one, `'` and dots included). */
export function sparkIdentifier(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/** A Spark SQL string literal: `'` and `\` inside escaped with a backslash (Spark reads `''` as two literals joined). */
export function sparkStringLiteral(text: string): string {
  return `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}
