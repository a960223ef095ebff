"""Data coverage of the silver table: per location and day, how many of the 24 hours have every AQI pollutant.
The console draws it after a run and can stop before gold on holes (`--min-completeness`)."""
from __future__ import annotations

from datetime import date, timedelta

from jobs.common.aqi_tables import AQI_POLLUTANTS
from jobs.common.lakehouse_tables import SILVER_TABLE

# The silver column of each AQI pollutant (the API's variable names).
AQI_COLUMN = {"pm25": "pm2_5", "pm10": "pm10", "o3": "ozone", "no2": "nitrogen_dioxide", "so2": "sulphur_dioxide", "co": "carbon_monoxide"}


def coverage(spark, start: date, end: date) -> dict:
    """{start, end, hours_per_day, pollutants, locations: {key: [complete hours of each day, start..end]}}.
    Every location in silver gets a row, so a location with no data in the range shows as a row of zeros."""
    from pyspark.sql import functions as F

    days = (end - start).days + 1
    table = spark.table(SILVER_TABLE)
    columns = [AQI_COLUMN[p] for p in AQI_POLLUTANTS]
    complete = F.lit(True)
    for column in columns:
        complete = complete & F.col(column).isNotNull()
    counts = (
        table.where(F.col("date_utc").between(F.lit(start.isoformat()).cast("date"), F.lit(end.isoformat()).cast("date")))
        .where(complete)
        .groupBy("location_key", "date_utc")
        .agg(F.countDistinct("ts_utc").alias("hours"))
        .collect()
    )
    locations = {row[0]: [0] * days for row in table.select("location_key").distinct().collect()}
    for row in counts:
        offset = (row["date_utc"] - start).days
        if 0 <= offset < days:
            locations.setdefault(row["location_key"], [0] * days)[offset] = min(24, int(row["hours"]))
    return {
        "start": start.isoformat(),
        "end": (start + timedelta(days=days - 1)).isoformat(),
        "hours_per_day": 24,
        "pollutants": list(AQI_POLLUTANTS),
        "locations": dict(sorted(locations.items())),
    }
