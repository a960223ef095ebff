"""A gold chunk: the facts of the days [start, end] computed from silver with the margins their windows need.

Silver is complete for the whole run before gold starts (stages run in order), so a chunk may read past
its edges:
- **Lookback.** NowCast needs the 12 hours before an hour, the 8-hour O3/CO means the 7 before and the SO2
  24-hour rule the 23 before. The chunk reads silver from `LOOKBACK` (48 hours) before its start: every hour
  from 24 hours before the start on gets the values the whole range would give it, which covers the
  windows of the chunk's own hours and the hour before its start (the episodes' look back, below).
- **Daily facts.** A chunk owns whole days: its hourly rows are exactly the hours of its days.
- **Episodes.** A chunk owns the episodes that START in it. A run whose first hour in the chunk continues a
  run from the hour before the start is the earlier chunk's. A run it owns may go on past its end: it
  reads `FIRST_LOOKAHEAD` (2 days) past its end, and while a run it owns still reaches the last hour read,
  doubles the lookahead, up to silver's last hour (the bound: a run cannot outlast the data).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from pyspark.sql import DataFrame

LOOKBACK = timedelta(hours=48)
FIRST_LOOKAHEAD = timedelta(days=2)
HOUR = timedelta(hours=1)


def day_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def _ts(moment: datetime) -> str:
    return f"TIMESTAMP '{moment.isoformat(sep=' ')}'"


def hours_sql(column: str, start: datetime, end_exclusive: datetime) -> str:
    """Spark SQL for start <= column < end_exclusive (timestamps in the session's UTC)."""
    return f"{column} >= {_ts(start)} AND {column} < {_ts(end_exclusive)}"


def days_sql(column: str, start: date, end: date) -> str:
    return f"{column} BETWEEN DATE '{start.isoformat()}' AND DATE '{end.isoformat()}'"


def silver_between(silver: DataFrame, start: datetime, end_exclusive: datetime) -> DataFrame:
    """Silver's hours in [start, end_exclusive); the date filter lets Iceberg skip other days' partitions."""
    days = days_sql("date_utc", start.date(), (end_exclusive - HOUR).date())
    return silver.where(days).where(hours_sql("ts_utc", start, end_exclusive))


class ChunkWindow:
    """The days [start, end] of a gold chunk and the silver hours read around them."""

    def __init__(self, start: date, end: date):
        self.start = day_start(start)
        self.end_exclusive = day_start(end) + timedelta(days=1)
        self.first_day, self.last_day = start, end

    def hourly_sql(self, column: str = "ts_utc") -> str:
        return hours_sql(column, self.start, self.end_exclusive)

    def daily_sql(self, column: str = "date_utc") -> str:
        return days_sql(column, self.first_day, self.last_day)

    def silver(self, silver: DataFrame, lookahead: timedelta) -> DataFrame:
        return silver_between(silver, self.start - LOOKBACK, self.end_exclusive + lookahead)

    def own_hours(self, hourly: DataFrame) -> DataFrame:
        return hourly.where(self.hourly_sql())

    def owned_runs(self, runs: DataFrame) -> DataFrame:
        """The runs that start in the chunk. A run through the hour before the start starts before it."""
        return runs.where(self.hourly_sql("start_ts_utc"))

    def still_open(self, owned_runs: DataFrame, lookahead: timedelta) -> bool:
        """True when a run the chunk owns reaches the last hour read: it may go on past it."""
        last_read = self.end_exclusive + lookahead - HOUR
        return owned_runs.where(f"end_ts_utc >= {_ts(last_read)}").limit(1).count() > 0

    def next_lookahead(self, silver: DataFrame, lookahead: timedelta) -> timedelta | None:
        """Twice the lookahead, or None when silver has no hour past what was read."""
        beyond = silver.where(f"ts_utc >= {_ts(self.end_exclusive + lookahead)}").limit(1).count() > 0
        return lookahead * 2 if beyond else None
