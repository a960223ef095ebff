"""How rows reach the writers of a partitioned Iceberg table: clustered by partition (hash distribution)
and sorted within each task, so a writing task keeps ONE data file open at a time.

Without a sort order Iceberg 1.10 hashes rows by partition but, having no ordering to rely on, writes
with its fanout writer: one open Parquet file (with its column buffers) per partition a task meets.
After the shuffle, adaptive execution coalesces small partitions towards the 384 MB advisory size,
so one task can meet every partition of a backfill (60 locations x 22 months = 1,320 for the hourly
fact) and the 2 GB local driver runs out of heap. With `WRITE DISTRIBUTED BY PARTITION LOCALLY
ORDERED BY`, Spark sorts each task's rows (memory-managed, spilling to disk) and the clustered
writer closes each file before opening the next."""
from __future__ import annotations

from pyspark.sql import SparkSession

DISTRIBUTION_MODE = "hash"


def _sort_order_text(columns: tuple[str, ...]) -> str:
    """How Iceberg shows a sort order in the table's properties (key `sort-order`)."""
    return ", ".join(f"{column} ASC NULLS FIRST" for column in columns)


def has_clustered_writes(spark: SparkSession, table: str, columns: tuple[str, ...]) -> bool:
    properties = {row.key: row.value for row in spark.sql(f"SHOW TBLPROPERTIES {table}").collect()}
    return (
        properties.get("write.distribution-mode") == DISTRIBUTION_MODE
        and properties.get("sort-order") == _sort_order_text(columns)
    )


def ensure_clustered_writes(spark: SparkSession, table: str, columns: tuple[str, ...]) -> None:
    """Sets the write distribution and sort order on `table` (new, or created before they existed);
    a metadata-only change, no data is rewritten, and nothing is done when they are already set."""
    if not has_clustered_writes(spark, table, columns):
        spark.sql(f"ALTER TABLE {table} WRITE DISTRIBUTED BY PARTITION LOCALLY ORDERED BY {', '.join(columns)}")
