"""What a job changed, for the console to record and to undo: the Iceberg snapshots it committed."""
from __future__ import annotations

import time


def now_ms() -> int:
    return int(time.time() * 1000)


def snapshot_commits(spark, tables, since_ms: int) -> list[dict]:
    """The snapshots of `tables` committed at or after `since_ms` (this job's: one writer per warehouse), oldest
    first, as {table, snapshot_id, parent_snapshot_id, rows_written}. `parent_snapshot_id` of a table's first
    commit is the snapshot to roll back to (None when the job created the table)."""
    commits: list[dict] = []
    for table in tables:
        if not spark.catalog.tableExists(table):
            continue
        rows = spark.sql(
            f"SELECT snapshot_id, parent_id, summary FROM {table}.snapshots "
            f"WHERE committed_at >= timestamp_millis({int(since_ms)}) ORDER BY committed_at"
        ).collect()
        for row in rows:
            summary = row["summary"] or {}
            added = summary.get("added-records")
            commits.append(
                {
                    "table": table,
                    # Strings: 64-bit ids lose digits as JSON numbers in JavaScript.
                    "snapshot_id": str(row["snapshot_id"]),
                    "parent_snapshot_id": None if row["parent_id"] is None else str(row["parent_id"]),
                    "rows_written": int(added) if added is not None else 0,
                }
            )
    return commits
