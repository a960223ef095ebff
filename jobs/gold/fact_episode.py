"""Pollution episodes: runs of consecutive hours with hourly US AQI at or above a threshold,
at least `min_hours` long. A missing hour or one below the threshold ends a run.
A chunk of the range owns the episodes that start in it (jobs/gold/chunk_window.py)."""
from __future__ import annotations

from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F

DEFAULT_THRESHOLD = 151
DEFAULT_MIN_HOURS = 4


def episode_runs(hourly: DataFrame, threshold: int = DEFAULT_THRESHOLD) -> DataFrame:
    """Every run of consecutive hours at or above the threshold, however short: location_key, start_ts_utc,
    end_ts_utc, hours, peak_us_aqi, mean_us_aqi, dominant_pollutant. `hourly` needs location_key, ts_utc,
    us_aqi, dominant_pollutant."""
    high = hourly.where(F.col("us_aqi") >= threshold).withColumn("_hour", F.floor(F.col("ts_utc").cast("long") / 3600))
    # Consecutive hours share hour - row_number (the gaps-and-islands trick).
    order = Window.partitionBy("location_key").orderBy("_hour")
    runs = high.withColumn("_run", F.col("_hour") - F.row_number().over(order))
    return runs.groupBy("location_key", "_run").agg(
        F.min("ts_utc").alias("start_ts_utc"),
        F.max("ts_utc").alias("end_ts_utc"),
        F.count("*").cast("int").alias("hours"),
        F.max("us_aqi").cast("int").alias("peak_us_aqi"),
        F.avg("us_aqi").alias("mean_us_aqi"),
        # The first peak hour's pollutant: with tied peaks the pick must not depend on how rows are split.
        F.max_by("dominant_pollutant", F.struct(F.col("us_aqi"), -F.col("_hour"))).alias("dominant_pollutant"),
    )


def episodes_of_runs(runs: DataFrame, threshold: int = DEFAULT_THRESHOLD, min_hours: int = DEFAULT_MIN_HOURS) -> DataFrame:
    """The runs long enough to be episodes, as the table's rows."""
    return runs.where(F.col("hours") >= min_hours).select(
        F.concat_ws("-", "location_key", F.date_format("start_ts_utc", "yyyyMMddHH")).alias("episode_id"),
        "location_key",
        "start_ts_utc",
        "end_ts_utc",
        "hours",
        "peak_us_aqi",
        "mean_us_aqi",
        "dominant_pollutant",
        F.lit(threshold).cast("int").alias("threshold"),
    )


def build_episodes(hourly: DataFrame, threshold: int = DEFAULT_THRESHOLD, min_hours: int = DEFAULT_MIN_HOURS) -> DataFrame:
    """`hourly` needs location_key, ts_utc, us_aqi, dominant_pollutant."""
    return episodes_of_runs(episode_runs(hourly, threshold), threshold, min_hours)
