"""Gold job: dims from config, hourly/daily facts and pollution episodes from silver.

Each table is rewritten in its own single commit. With --locations the facts are rewritten for
those locations only (the others are kept); dims are always rewritten whole.
"""
from __future__ import annotations

import argparse
import sys


from jobs.common.aqi_tables import AQI_POLLUTANTS
from jobs.common.config import load_locations, load_pollutants, select_locations, select_pollutants
from jobs.common.progress import report_progress
from jobs.common.tables_silver_gold import (
    DIM_DATE_TABLE,
    DIM_LOCATION_TABLE,
    DIM_POLLUTANT_TABLE,
    DIM_TIME_TABLE,
    FACT_DAILY_TABLE,
    FACT_EPISODE_TABLE,
    FACT_HOURLY_TABLE,
    SILVER_TABLE,
    overwrite_table,
)
from jobs.gold.fact_episode import DEFAULT_MIN_HOURS, DEFAULT_THRESHOLD
from jobs.common.graceful_stop import GracefulStop
from jobs.common.job_main import run_job

DIM_TABLES = (DIM_LOCATION_TABLE, DIM_POLLUTANT_TABLE, DIM_DATE_TABLE, DIM_TIME_TABLE)
FACT_TABLES = (FACT_HOURLY_TABLE, FACT_DAILY_TABLE, FACT_EPISODE_TABLE)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mode", choices=("all", "dims", "facts"), default="all")
    parser.add_argument("--locations", help="comma list of location keys (facts of the others are kept)")
    parser.add_argument("--pollutants", help="comma list of pollutant codes the AQIs are computed from")
    parser.add_argument("--warehouse")
    parser.add_argument("--episode-threshold", type=int, default=DEFAULT_THRESHOLD)
    parser.add_argument("--episode-min-hours", type=int, default=DEFAULT_MIN_HOURS)
    parser.add_argument("--locations-file", help="default: config/locations.jsonl")
    parser.add_argument("--pollutants-file", help="default: config/pollutants.jsonl")
    args = parser.parse_args(argv)
    if args.episode_min_hours < 1:
        parser.error("--episode-min-hours must be at least 1")
    return args


def tables_for(mode: str) -> tuple[str, ...]:
    return {"all": DIM_TABLES + FACT_TABLES, "dims": DIM_TABLES, "facts": FACT_TABLES}[mode]


def _dim_frames(spark, locations, pollutants):
    from pyspark.sql import functions as F

    from jobs.gold import dims

    def dates():
        span = spark.table(SILVER_TABLE).agg(F.min("date_utc"), F.max("date_utc")).first() if spark.catalog.tableExists(SILVER_TABLE) else None
        return dims.dim_date(spark, *(span or (None, None)))

    return {
        DIM_LOCATION_TABLE: lambda: dims.dim_location(spark, locations),
        DIM_POLLUTANT_TABLE: lambda: dims.dim_pollutant(spark, pollutants),
        DIM_DATE_TABLE: dates,
        DIM_TIME_TABLE: lambda: dims.dim_time(spark),
    }


def run(args: argparse.Namespace, spark, stop: GracefulStop) -> dict:
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    from jobs.gold.fact_daily import build_daily
    from jobs.gold.fact_episode import build_episodes
    from jobs.gold.fact_hourly import HOURLY_COLUMNS, build_hourly

    all_locations = load_locations(args.locations_file)
    all_pollutants = load_pollutants(args.pollutants_file)
    chosen_locations = select_locations(all_locations, args.locations)
    chosen_codes = {p.pollutant_code for p in select_pollutants(all_pollutants, args.pollutants)}
    aqi_pollutants = {p for p in AQI_POLLUTANTS if p in chosen_codes}

    tables = tables_for(args.mode)
    rows_written: dict[str, int] = {}
    report_progress(0, len(tables), "tables")

    def write(table, frame, condition=None):
        rows_written[table] = overwrite_table(spark, frame, table, condition)
        report_progress(len(rows_written), len(tables), "tables")
        stop.checkpoint(f"{len(rows_written)} of {len(tables)} tables")

    if args.mode in ("all", "dims"):
        for table, build in _dim_frames(spark, all_locations, all_pollutants).items():
            write(table, build())

    if args.mode in ("all", "facts"):
        if not spark.catalog.tableExists(SILVER_TABLE):
            raise RuntimeError(f"{SILVER_TABLE} does not exist; run the silver stage first")
        silver = spark.table(SILVER_TABLE)
        condition = None
        if args.locations:
            keys = [loc.location_key for loc in chosen_locations]
            silver = silver.where(F.col("location_key").isin(keys))
            condition = F.col("location_key").isin(keys)
        hourly = build_hourly(silver, aqi_pollutants).persist(StorageLevel.MEMORY_AND_DISK)
        try:
            write(FACT_HOURLY_TABLE, hourly.select(*HOURLY_COLUMNS), condition)
            write(FACT_DAILY_TABLE, build_daily(hourly, aqi_pollutants), condition)
            write(FACT_EPISODE_TABLE, build_episodes(hourly, args.episode_threshold, args.episode_min_hours), condition)
        finally:
            hourly.unpersist()
    return {"rows_written": rows_written, "mode": args.mode, "aqi_pollutants": sorted(aqi_pollutants)}


def main(argv: list[str] | None = None, spark=None) -> int:
    return run_job("backfill-gold", parse_args(sys.argv[1:] if argv is None else argv), spark, run)


if __name__ == "__main__":
    sys.exit(main())
