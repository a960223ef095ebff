"""Silver job: lh.bronze.open_meteo_hourly -> lh.silver.air_quality_hourly_clean, in one commit.

--mode full rewrites the whole table; --mode incremental rewrites exactly [--start-date, --end-date]
(the console's chunks: bronze is partitioned by the day of each row's hour, so the rows of one
(location, hour), deduplicated here, all fall in the same chunk and no chunk edge splits them).
With --coverage-from/--coverage-to the result line carries the coverage of that range (jobs/silver/coverage.py);
in incremental mode its rows are the range's locations and those of --locations-file (default
config/locations.jsonl), so a chunk never reads silver outside its days.
"""
from __future__ import annotations

import argparse
import sys

from jobs.common.config import load_locations
from jobs.common.dates import optional_range_option, parse_range_option
from jobs.common.graceful_stop import GracefulStop
from jobs.common.job_main import JobSession, run_job
from jobs.common.lakehouse_tables import BRONZE_TABLE, SILVER_TABLE, overwrite_table
from jobs.common.progress import report_progress
from jobs.silver.cleaning import bronze_to_silver
from jobs.silver.coverage import coverage

STEPS = 3


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mode", choices=("full", "incremental"), default="full")
    parser.add_argument("--start-date")
    parser.add_argument("--end-date")
    parser.add_argument("--warehouse")
    parser.add_argument("--coverage-from", help="report coverage (complete hours per location and day) from this day")
    parser.add_argument("--coverage-to", help="... to this day, inclusive")
    parser.add_argument("--locations-file", help="incremental coverage: the locations expected (default: config/locations.jsonl)")
    args = parser.parse_args(argv)
    args.coverage_range = optional_range_option(parser, args.coverage_from, args.coverage_to, "--coverage-from/--coverage-to")
    if args.mode == "incremental":
        if not (args.start_date and args.end_date):
            parser.error("--mode incremental needs --start-date and --end-date")
        args.start, args.end = parse_range_option(parser, args.start_date, args.end_date)
    return args


def run(args: argparse.Namespace, session: JobSession, stop: GracefulStop) -> dict:
    spark = session.get()
    if not spark.catalog.tableExists(BRONZE_TABLE):
        raise RuntimeError(f"{BRONZE_TABLE} does not exist; run the bronze stage first")
    # Read before any write, so a bad file fails the job with the table untouched.
    reports_chunk = args.mode == "incremental" and args.coverage_range is not None
    expected = [loc.location_key for loc in load_locations(args.locations_file)] if reports_chunk else None
    bronze = spark.table(BRONZE_TABLE)
    condition = None
    if args.mode == "incremental":
        condition = f"date_utc BETWEEN DATE '{args.start.isoformat()}' AND DATE '{args.end.isoformat()}'"
        bronze = bronze.where(condition)
    report_progress(1, STEPS, "steps")
    silver = bronze_to_silver(bronze)
    report_progress(2, STEPS, "steps")
    stop.checkpoint("reading bronze")
    rows = overwrite_table(spark, silver, SILVER_TABLE, condition)
    report_progress(3, STEPS, "steps")
    nulled_rows = spark.table(SILVER_TABLE).where("has_nulled_values").count() if args.mode == "full" else None
    extra = {"mode": args.mode}
    if nulled_rows is not None:
        extra["rows_with_nulled_values"] = nulled_rows
    if args.coverage_range:
        first_day, last_day = args.coverage_range
        extra["coverage"] = coverage(spark, first_day, last_day, expected=expected)
    return {"rows_written": {SILVER_TABLE: rows}, **extra}


def main(argv: list[str] | None = None, spark=None) -> int:
    return run_job("backfill-silver", parse_args(sys.argv[1:] if argv is None else argv), spark, run)


if __name__ == "__main__":
    sys.exit(main())
