"""Prints one line `TABLE_STATS {json}` describing the lakehouse, for end-to-end checks:
row counts of every table (null when a table does not exist), min/max of us_aqi and vn_aqi in
the hourly and daily facts, (location, day) pairs in the daily fact, and duplicate
(location_key, ts_utc) keys in bronze, silver and the hourly fact, and the location keys of each keyed table.

Run: scripts/spark_submit.sh devtools/table_stats.py -- --warehouse W
"""
from __future__ import annotations

import argparse
import json
import sys

from jobs.common.lakehouse_tables import (
    BRONZE_TABLE,
    DIM_LOCATION_TABLE,
    FACT_DAILY_TABLE,
    FACT_HOURLY_TABLE,
    LAKEHOUSE_TABLES,
    SILVER_TABLE,
)
from jobs.common.progress import fail

KEYED_TABLES = (BRONZE_TABLE, SILVER_TABLE, FACT_HOURLY_TABLE)


def _aqi_range(spark, table: str) -> dict:
    row = spark.table(table).selectExpr("min(us_aqi)", "max(us_aqi)", "min(vn_aqi)", "max(vn_aqi)").first()
    return {"us_aqi": {"min": row[0], "max": row[1]}, "vn_aqi": {"min": row[2], "max": row[3]}}


def collect_stats(spark) -> dict:
    exists = {t: spark.catalog.tableExists(t) for t in LAKEHOUSE_TABLES}
    stats: dict = {"row_counts": {t: (spark.table(t).count() if exists[t] else None) for t in LAKEHOUSE_TABLES}}
    stats["aqi_ranges"] = {t: (_aqi_range(spark, t) if exists[t] else None) for t in (FACT_HOURLY_TABLE, FACT_DAILY_TABLE)}
    stats["daily_location_days"] = (
        spark.table(FACT_DAILY_TABLE).select("location_key", "date_utc").distinct().count() if exists[FACT_DAILY_TABLE] else None
    )
    stats["duplicate_keys"] = {
        t: (
            spark.table(t).groupBy("location_key", "ts_utc").count().where("count > 1").selectExpr("coalesce(sum(count - 1), 0)").first()[0]
            if exists[t]
            else None
        )
        for t in KEYED_TABLES
    }
    stats["location_keys"] = {
        t: (sorted(row[0] for row in spark.table(t).select("location_key").distinct().collect()) if exists[t] else None)
        for t in (*KEYED_TABLES, DIM_LOCATION_TABLE, FACT_DAILY_TABLE)
    }
    return stats


def main(argv: list[str] | None = None, spark=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warehouse")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    try:
        if spark is None:
            from jobs.common.spark import get_spark

            spark = get_spark("backfill-table-stats", args.warehouse)
        print("TABLE_STATS " + json.dumps(collect_stats(spark), sort_keys=True), flush=True)
        return 0
    except Exception as exc:  # noqa: BLE001
        fail(f"{type(exc).__name__}: {exc}")


if __name__ == "__main__":
    sys.exit(main())
