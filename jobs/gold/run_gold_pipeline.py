"""Gold job: dims from config, hourly/daily facts and pollution episodes from silver.

Each table is rewritten in its own single commit. With --locations the facts are rewritten for
those locations only (the others are kept); dims are always rewritten whole (dim_date spans silver).
With --start-date/--end-date (the console's chunks) the facts of those days only are rewritten,
computed with the margins described in jobs/gold/chunk_window.py; the console gives the dims to one
chunk (`--mode all`) and `--mode facts` to the others.
"""
from __future__ import annotations

import argparse
import sys

from jobs.common.aqi_tables import AQI_POLLUTANTS
from jobs.common.config import load_locations, load_pollutants, select_locations, select_pollutants
from jobs.common.dates import optional_range_option
from jobs.common.graceful_stop import GracefulStop
from jobs.common.job_main import JobSession, run_job
from jobs.common.lakehouse_tables import (
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
from jobs.common.progress import report_progress
from jobs.gold.chunk_window import FIRST_LOOKAHEAD, ChunkWindow
from jobs.gold.fact_episode import DEFAULT_MIN_HOURS, DEFAULT_THRESHOLD

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
    parser.add_argument("--start-date", help="with --end-date: rewrite the facts of these days only (a chunk)")
    parser.add_argument("--end-date")
    args = parser.parse_args(argv)
    if args.episode_min_hours < 1:
        parser.error("--episode-min-hours must be at least 1")
    args.chunk_range = optional_range_option(parser, args.start_date, args.end_date, "--start-date/--end-date")
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


def run(args: argparse.Namespace, session: JobSession, stop: GracefulStop) -> dict:
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    from jobs.gold.fact_daily import build_daily
    from jobs.gold.fact_episode import build_episodes
    from jobs.gold.fact_hourly import HOURLY_COLUMNS, build_hourly

    spark = session.get()
    all_locations = load_locations(args.locations_file)
    all_pollutants = load_pollutants(args.pollutants_file)
    chosen_locations = select_locations(all_locations, args.locations)
    chosen_codes = {p.pollutant_code for p in select_pollutants(all_pollutants, args.pollutants)}
    aqi_pollutants = {p for p in AQI_POLLUTANTS if p in chosen_codes}

    tables = tables_for(args.mode)
    rows_written: dict[str, int] = {}
    report_progress(0, len(tables), "tables")
    location_sql: str | None = None

    def write(table, frame, condition=None):
        if location_sql:
            condition = location_sql if condition is None else f"({condition}) AND {location_sql}"
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
        if args.locations:
            keys = [loc.location_key for loc in chosen_locations]
            silver = silver.where(F.col("location_key").isin(keys))
            location_sql = "location_key IN ({})".format(", ".join("'" + key.replace("'", "''") + "'" for key in keys))
        if args.chunk_range:
            write_chunk_facts(ChunkWindow(*args.chunk_range), silver, aqi_pollutants, args, write)
            return {"rows_written": rows_written, "mode": args.mode, "aqi_pollutants": sorted(aqi_pollutants)}
        hourly = build_hourly(silver, aqi_pollutants).persist(StorageLevel.MEMORY_AND_DISK)
        try:
            write(FACT_HOURLY_TABLE, hourly.select(*HOURLY_COLUMNS))
            write(FACT_DAILY_TABLE, build_daily(hourly, aqi_pollutants))
            write(FACT_EPISODE_TABLE, build_episodes(hourly, args.episode_threshold, args.episode_min_hours))
        finally:
            hourly.unpersist()
    return {"rows_written": rows_written, "mode": args.mode, "aqi_pollutants": sorted(aqi_pollutants)}


def owned_episodes(window: ChunkWindow, silver, hourly, aqi_pollutants: set[str], threshold: int, min_hours: int):
    """The episodes that start in the chunk, each whole: the lookahead grows while one is still open."""
    from jobs.gold.fact_episode import episode_runs, episodes_of_runs
    from jobs.gold.fact_hourly import build_hourly

    lookahead = FIRST_LOOKAHEAD
    while True:
        runs = window.owned_runs(episode_runs(hourly, threshold))
        if not window.still_open(runs, lookahead):
            break
        longer = window.next_lookahead(silver, lookahead)
        if longer is None:
            break
        lookahead = longer
        hourly = build_hourly(window.silver(silver, lookahead), aqi_pollutants)
    return episodes_of_runs(runs, threshold, min_hours)


def write_chunk_facts(window: ChunkWindow, silver, aqi_pollutants: set[str], args, write) -> None:
    """The facts of the chunk's days, each table's rows of those days replaced (see jobs/gold/chunk_window.py)."""
    from pyspark import StorageLevel

    from jobs.gold.fact_daily import build_daily
    from jobs.gold.fact_hourly import HOURLY_COLUMNS, build_hourly

    hourly = build_hourly(window.silver(silver, FIRST_LOOKAHEAD), aqi_pollutants).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        own = window.own_hours(hourly)
        write(FACT_HOURLY_TABLE, own.select(*HOURLY_COLUMNS), window.hourly_sql())
        write(FACT_DAILY_TABLE, build_daily(own, aqi_pollutants), window.daily_sql())
        episodes = owned_episodes(window, silver, hourly, aqi_pollutants, args.episode_threshold, args.episode_min_hours)
        write(FACT_EPISODE_TABLE, episodes, window.hourly_sql("start_ts_utc"))
    finally:
        hourly.unpersist()


def main(argv: list[str] | None = None, spark=None) -> int:
    return run_job("backfill-gold", parse_args(sys.argv[1:] if argv is None else argv), spark, run)


if __name__ == "__main__":
    sys.exit(main())
