"""Gold dimensions: locations and pollutants from config, dates spanning silver, the 24 hours."""
from __future__ import annotations

from datetime import date, timedelta

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from jobs.common.config import Location, Pollutant


def dim_location(spark: SparkSession, locations: list[Location]) -> DataFrame:
    rows = [(loc.location_key, loc.location_name, loc.latitude, loc.longitude, loc.timezone) for loc in locations]
    return spark.createDataFrame(
        rows, "location_key string, location_name string, latitude double, longitude double, timezone string"
    )


def dim_pollutant(spark: SparkSession, pollutants: list[Pollutant]) -> DataFrame:
    rows = [(p.pollutant_code, p.display_name, p.unit, p.aqi_timespan, p.api_variable, p.is_aqi) for p in pollutants]
    return spark.createDataFrame(
        rows,
        "pollutant_code string, display_name string, unit string, aqi_timespan string, api_variable string, is_aqi boolean",
    )


def dim_date(spark: SparkSession, first: date | None, last: date | None) -> DataFrame:
    """One row per day from first to last inclusive; empty when silver is empty."""
    days = [] if first is None or last is None else [(first + timedelta(days=i),) for i in range((last - first).days + 1)]
    d = F.col("date")
    return spark.createDataFrame(days, "date date").select(
        F.date_format(d, "yyyyMMdd").cast("int").alias("date_key"),
        d,
        F.year(d).alias("year"),
        F.quarter(d).alias("quarter"),
        F.month(d).alias("month"),
        F.date_format(d, "MMMM").alias("month_name"),
        F.dayofmonth(d).alias("day"),
        (((F.dayofweek(d) + 5) % 7) + 1).alias("day_of_week"),  # ISO: Monday 1 .. Sunday 7
        F.date_format(d, "EEEE").alias("day_name"),
        F.weekofyear(d).alias("week_of_year"),
        F.dayofweek(d).isin(1, 7).alias("is_weekend"),
    )


def part_of_day(hour: int) -> str:
    if hour < 6:
        return "night"
    if hour < 12:
        return "morning"
    if hour < 18:
        return "afternoon"
    return "evening"


def dim_time(spark: SparkSession) -> DataFrame:
    rows = [(h, h, f"{h:02d}:00", part_of_day(h)) for h in range(24)]
    return spark.createDataFrame(rows, "time_key int, hour int, label string, part_of_day string")
