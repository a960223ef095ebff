"""Writes the full contents of the silver and gold tables to a JSON file, for end-to-end comparisons of two
warehouses (a run in chunks against the same run unchunked): {table: [row, ...]}, each row a list of its
column values in column order, the rows sorted. Left out: columns that hold when a row was processed
(`_processed_at`), which no two runs share. Doubles are kept to 12 significant digits: a sum of the same
values in another order may differ in the last bits.

Run: scripts/spark_submit.sh devtools/table_dump.py -- --warehouse W --out FILE
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime

from jobs.common.lakehouse_tables import SILVER_GOLD_TABLES
from jobs.common.progress import fail

PROCESSING_TIME_COLUMNS = ("_processed_at",)


def plain(value):
    if isinstance(value, float):
        return float(f"{value:.12g}")
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def dump(spark) -> dict:
    tables: dict[str, dict | None] = {}
    for table in SILVER_GOLD_TABLES:
        if not spark.catalog.tableExists(table):
            tables[table] = None
            continue
        frame = spark.table(table)
        frame = frame.drop(*[c for c in PROCESSING_TIME_COLUMNS if c in frame.columns])
        rows = [[plain(value) for value in row] for row in frame.collect()]
        tables[table] = {"columns": frame.columns, "rows": sorted(rows, key=json.dumps)}
    return tables


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warehouse")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    try:
        from jobs.common.spark import get_spark

        spark = get_spark("backfill-table-dump", args.warehouse)
        spark.conf.set("spark.sql.session.timeZone", "UTC")
        with open(args.out, "w", encoding="utf-8") as out:
            json.dump(dump(spark), out)
        return 0
    except Exception as exc:  # noqa: BLE001
        fail(f"{type(exc).__name__}: {exc}")


if __name__ == "__main__":
    sys.exit(main())
