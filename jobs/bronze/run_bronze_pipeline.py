"""Bronze: fetch hourly air quality from the Open-Meteo-style API, one request per location and
calendar month, then write everything to lh.bronze.open_meteo_hourly in one Iceberg commit. Each answer's
rows are spooled to disk as they arrive (jobs/bronze/spool.py), so memory does not grow with the range.

    run_bronze_pipeline.py --mode backfill --start-date 2024-01-01 --end-date 2024-03-31 --override
        [--locations hanoi,hcmc] [--pollutants pm25,pm10] [--warehouse W] [--api-url URL]
        [--min-request-interval SECONDS] [--max-attempts N] [--locations-file F] [--pollutants-file F]

Exit codes: 0 done, 1 failed (the reason is the last stderr line), 2 bad input, 143 stopped by SIGTERM
before anything was written."""
from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime, timedelta
from typing import Protocol

from jobs.bronze.open_meteo_client import ApiRequestError, OpenMeteoClient, RetryPolicy, build_url, resolve_api_url
from jobs.bronze.rate_limiter import limiter_for_run, min_request_interval_from_env
from jobs.bronze.response_parser import ResponseFormatError, parse_air_quality
from jobs.bronze.spool import Spool
from jobs.common.commits import now_ms, snapshot_commits
from jobs.common.config import ConfigError, load_locations, load_pollutants, select_locations, select_pollutants
from jobs.common.dates import DateRangeError, month_chunks, parse_range
from jobs.common.graceful_stop import GracefulStop
from jobs.common.job_main import EXIT_BAD_INPUT, Failure, JobSession, run_job
from jobs.common.lakehouse_tables import BRONZE_TABLE
from jobs.common.progress import report_progress

PROGRESS_UNIT = "location-months"
# SIGTERM while fetching stops the job at once; while writing, it waits for the commit to finish.
STOPPED_BEFORE_WRITING = "stopped by SIGTERM before writing; the table is untouched"
STOPPED_AFTER_COMMIT = "SIGTERM arrived during or after the write; the commit finished, stopping now"


class BadInput(ValueError):
    pass


class AirQualityApi(Protocol):
    """What fetch_all needs of a client: OpenMeteoClient, or a test's fake."""

    api_url: str

    def get_json(self, url: str) -> dict: ...


# The failures bronze names itself, in this order (any other: its class name and text, exit code 1).
FAILURES = (
    Failure((BadInput, ConfigError, DateRangeError), code=EXIT_BAD_INPUT),
    Failure((ResponseFormatError,), label="bad API answer: "),
    Failure((ApiRequestError,)),
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Load Open-Meteo hourly air quality into the bronze table.")
    parser.add_argument("--mode", choices=["backfill", "daily"], default="backfill", help="daily = yesterday (UTC)")
    parser.add_argument("--start-date", help="YYYY-MM-DD, inclusive (backfill)")
    parser.add_argument("--end-date", help="YYYY-MM-DD, inclusive (backfill)")
    parser.add_argument("--override", action="store_true", help="replace the range instead of adding missing hours")
    parser.add_argument("--locations", help="comma list of location keys (default: all in config/locations.jsonl)")
    parser.add_argument("--pollutants", help="comma list of pollutant codes or API variables (default: all)")
    parser.add_argument("--warehouse", help="Iceberg warehouse of catalog lh")
    parser.add_argument("--api-url", help="default: $AIR_QUALITY_API_URL, else the public Open-Meteo endpoint")
    parser.add_argument("--min-request-interval", type=float, help="seconds between requests (default 0.25)")
    parser.add_argument("--max-attempts", type=int, default=6, help="attempts per request, retries included")
    parser.add_argument("--locations-file", help="locations JSONL (default: config/locations.jsonl)")
    parser.add_argument("--pollutants-file", help="pollutants JSONL (default: config/pollutants.jsonl)")
    return parser.parse_args(argv)


def resolve_range(args: argparse.Namespace, today: date) -> tuple[date, date]:
    if args.mode == "daily":
        yesterday = today - timedelta(days=1)
        return yesterday, yesterday
    if not args.start_date or not args.end_date:
        raise BadInput("--mode backfill needs --start-date and --end-date")
    return parse_range(args.start_date, args.end_date)


def plan_requests(locations, start: date, end: date) -> list[tuple]:
    """One (location, chunk start, chunk end) per location and calendar month."""
    return [(loc, s, e) for loc in locations for (s, e) in month_chunks(start, end)]


def fetch_all(client: AirQualityApi, requests: list[tuple], variables: list[str], spool: Spool) -> int:
    """Fetches every request, each answer's rows going to the spool at once; returns the rows fetched."""
    ingested_at = datetime.now(UTC)
    report_progress(0, len(requests), PROGRESS_UNIT)
    for done, (location, start, end) in enumerate(requests, start=1):
        url = build_url(client.api_url, location.latitude, location.longitude, variables, start, end)
        payload = client.get_json(url)
        spool.write(
            parse_air_quality(
                payload,
                location_key=location.location_key,
                variables=variables,
                request_url=url,
                request_start=start,
                request_end=end,
                ingested_at=ingested_at,
            )
        )
        report_progress(done, len(requests), PROGRESS_UNIT)
    return spool.rows


def run(args: argparse.Namespace, session: JobSession, stop: GracefulStop) -> dict:
    start, end = resolve_range(args, datetime.now(UTC).date())
    locations = select_locations(load_locations(args.locations_file), args.locations)
    pollutants = select_pollutants(load_pollutants(args.pollutants_file), args.pollutants)
    variables = [p.api_variable for p in pollutants]
    try:
        interval = (
            args.min_request_interval if args.min_request_interval is not None else min_request_interval_from_env()
        )
    except ValueError as exc:
        raise BadInput(str(exc)) from None
    if interval < 0 or args.max_attempts < 1:
        raise BadInput("--min-request-interval must be >= 0 and --max-attempts >= 1")
    api_url = resolve_api_url(args.api_url)
    client = OpenMeteoClient(api_url, limiter_for_run(interval), RetryPolicy(max_attempts=args.max_attempts))
    requests = plan_requests(locations, start, end)
    with Spool() as spool:
        rows_fetched = fetch_all(client, requests, variables, spool)

        spark = session.get()
        from jobs.bronze.bronze_writer import append_missing, overwrite_range

        try:
            with stop.deferred():
                started_ms = now_ms()
                fetched = spool.frame(spark)
                if args.override:
                    overwrite_range(spark, fetched, start, end, [loc.location_key for loc in locations], variables)
                    written = rows_fetched
                else:
                    written = append_missing(spark, fetched, start, end)
                commits = snapshot_commits(spark, [BRONZE_TABLE], started_ms)
        finally:
            spool.drop_shared_copy()
            session.stop()
    return {
        "rows_written": {BRONZE_TABLE: written},
        "mode": args.mode,
        "override": args.override,
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "locations": [loc.location_key for loc in locations],
        "requests": len(requests),
        "retries": client.retries,
        "rows_fetched": rows_fetched,
        "commits": commits,
    }


def main(argv: list[str] | None = None, spark=None) -> int:
    """Runs the job; returns 0 or ends the process through fail() with exit code 1, 2 or 143."""
    return run_job(
        "bronze",
        parse_args(argv),
        spark,
        run,
        reason_prefix="bronze: ",
        failures=FAILURES,
        spark_first=False,
        stopped_before_writing=STOPPED_BEFORE_WRITING,
        stopped_after_commit=STOPPED_AFTER_COMMIT,
    )


if __name__ == "__main__":
    sys.exit(main())
