"""Data coverage of the silver table: per location and day, how many of the 24 hours have every AQI pollutant.
The console draws it after a run and can stop before gold on holes (`--min-completeness`).

Which locations get a row: every location with a row in the range, plus either `expected` (a chunk: the run's
locations file, so a station that sent nothing shows as zeros) or, without it (a whole stage, which reads all
of silver anyway), every location in silver. A chunk never scans silver outside its own days, so its work and
memory do not grow with the table (issue 15: a scan of the whole table made silver's chunks slower each month)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from jobs.common.aqi_tables import AQI_POLLUTANTS
from jobs.common.lakehouse_tables import SILVER_TABLE

# The silver column of each AQI pollutant (the API's variable names).
AQI_COLUMN = {"pm25": "pm2_5", "pm10": "pm10", "o3": "ozone", "no2": "nitrogen_dioxide", "so2": "sulphur_dioxide", "co": "carbon_monoxide"}


def coverage(spark, start: date, end: date, expected: Iterable[str] | None = None) -> dict:
    """{start, end, hours_per_day, pollutants, locations: {key: [complete hours of each day, start..end]}}."""
    from pyspark.sql import functions as F

    days = (end - start).days + 1
    table = spark.table(SILVER_TABLE)
    columns = [AQI_COLUMN[p] for p in AQI_POLLUTANTS]
    complete = F.lit(True)
    for column in columns:
        complete = complete & F.col(column).isNotNull()
    counts = (
        table.where(F.col("date_utc").between(F.lit(start.isoformat()).cast("date"), F.lit(end.isoformat()).cast("date")))
        .groupBy("location_key", "date_utc")
        .agg(F.countDistinct(F.when(complete, F.col("ts_utc"))).alias("hours"))
        .collect()
    )
    if expected is None:
        known = [row[0] for row in table.select("location_key").distinct().collect()]
    else:
        known = list(expected)
    locations = {key: [0] * days for key in known}
    for row in counts:
        row_of_days = locations.setdefault(row["location_key"], [0] * days)
        offset = (row["date_utc"] - start).days
        if 0 <= offset < days:
            row_of_days[offset] = min(24, int(row["hours"]))
    return {
        "start": start.isoformat(),
        "end": (start + timedelta(days=days - 1)).isoformat(),
        "hours_per_day": 24,
        "pollutants": list(AQI_POLLUTANTS),
        "locations": dict(sorted(locations.items())),
    }
