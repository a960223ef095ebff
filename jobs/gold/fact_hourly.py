"""Hourly fact: per location and hour, both AQIs from the concentrations (never from the API).

NowCast needs the 12 hours before each row, the 8-hour O3/CO means the 8 before and the SO2
24-hour rule the 24 before: all come from time-range windows per location over the whole silver
table, so a missing hour stays missing instead of shifting a row-based lag.
"""
from __future__ import annotations

from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F
from pyspark.sql.window import WindowSpec

from jobs.common.lakehouse_tables import CONCENTRATION_COLUMNS
from jobs.gold import aqi_columns as aqi

# A rolling mean counts only with 75% of its hours present (6 of 8, 18 of 24), as the EPA requires.
MIN_HOURS_8H = 6
MIN_HOURS_24H = 18

COLUMN_OF = {"pm25": "pm2_5", "pm10": "pm10", "o3": "ozone", "no2": "nitrogen_dioxide", "so2": "sulphur_dioxide", "co": "carbon_monoxide"}


def _hour_window(hours: int) -> WindowSpec:
    return Window.partitionBy("location_key").orderBy("_hour").rangeBetween(-(hours - 1), 0)


def _rolling_mean(column: str, hours: int, min_hours: int) -> F.Column:
    window = _hour_window(hours)
    return F.when(F.count(column).over(window) >= min_hours, F.avg(column).over(window))


def with_rolling_inputs(silver: DataFrame) -> DataFrame:
    """Silver rows plus the windowed inputs of the AQIs: NowCasts and 8/24-hour means (µg/m³)."""
    df = silver.withColumn("_hour", F.floor(F.col("ts_utc").cast("long") / 3600))
    w12 = _hour_window(12)
    df = (
        df.withColumn("_pm25_history", F.collect_list(F.struct(F.col("_hour").alias("t"), F.col("pm2_5").alias("v"))).over(w12))
        .withColumn("_pm10_history", F.collect_list(F.struct(F.col("_hour").alias("t"), F.col("pm10").alias("v"))).over(w12))
        .withColumn("o3_8h", _rolling_mean("ozone", 8, MIN_HOURS_8H))
        .withColumn("co_8h", _rolling_mean("carbon_monoxide", 8, MIN_HOURS_8H))
        .withColumn("so2_24h", _rolling_mean("sulphur_dioxide", 24, MIN_HOURS_24H))
    )
    df = aqi.with_nowcast(df, "_pm25_history", "pm25_nowcast", F.col("_hour"))
    df = aqi.with_nowcast(df, "_pm10_history", "pm10_nowcast", F.col("_hour"))
    return df.drop("_pm25_history", "_pm10_history")


def us_hourly_sub_indices(pollutants: set[str]) -> dict[str, F.Column]:
    ppm_or_ppb = aqi.ugm3_to_us_unit
    all_indices = {
        "pm25": lambda: aqi.us_sub_index("pm25_24h", F.col("pm25_nowcast")),
        "pm10": lambda: aqi.us_sub_index("pm10_24h", F.col("pm10_nowcast")),
        "o3": lambda: aqi.us_o3_sub_index(ppm_or_ppb("o3", F.col("o3_8h")), ppm_or_ppb("o3", F.col("ozone"))),
        "co": lambda: aqi.us_sub_index("co_8h", ppm_or_ppb("co", F.col("co_8h"))),
        "no2": lambda: aqi.us_sub_index("no2_1h", ppm_or_ppb("no2", F.col("nitrogen_dioxide"))),
        "so2": lambda: aqi.us_so2_sub_index(ppm_or_ppb("so2", F.col("sulphur_dioxide")), ppm_or_ppb("so2", F.col("so2_24h"))),
    }
    return {p: build() for p, build in all_indices.items() if p in pollutants}


def vn_hourly_sub_indices(pollutants: set[str]) -> dict[str, F.Column]:
    all_indices = {
        "pm25": lambda: aqi.vn_sub_index("pm25", F.col("pm25_nowcast")),
        "pm10": lambda: aqi.vn_sub_index("pm10", F.col("pm10_nowcast")),
        "o3": lambda: aqi.vn_sub_index("o3_1h", F.col("ozone")),
        "co": lambda: aqi.vn_sub_index("co_1h", F.col("carbon_monoxide")),
        "no2": lambda: aqi.vn_sub_index("no2_1h", F.col("nitrogen_dioxide")),
        "so2": lambda: aqi.vn_sub_index("so2_1h", F.col("sulphur_dioxide")),
    }
    return {p: build() for p, build in all_indices.items() if p in pollutants}


def completeness(pollutants: set[str]) -> F.Column:
    """Share of the selected AQI pollutants measured in the hour."""
    columns = [COLUMN_OF[p] for p in sorted(pollutants)]
    if not columns:
        return F.lit(0.0)
    present = sum((F.col(c).isNotNull().cast("int") for c in columns), F.lit(0))
    return present / F.lit(float(len(columns)))


def build_hourly(silver: DataFrame, pollutants: set[str]) -> DataFrame:
    """The hourly fact's rows, keeping the rolling inputs (o3_8h, co_8h, so2_24h, _hour) the daily
    fact and the episodes need; select the table's columns before writing."""
    df = with_rolling_inputs(silver)
    df, us_aqi, us_dominant = aqi.with_aqi(df, "_us", us_hourly_sub_indices(pollutants))
    df, vn_aqi, vn_dominant = aqi.with_aqi(df, "_vn", vn_hourly_sub_indices(pollutants), require_pm=True)
    return (
        df.withColumn("us_aqi", us_aqi)
        .withColumn("dominant_pollutant", us_dominant)
        .withColumn("vn_aqi", vn_aqi)
        .withColumn("vn_dominant_pollutant", vn_dominant)
        .withColumn("us_aqi_category", aqi.category(F.col("us_aqi")))
        .withColumn("vn_aqi_category", aqi.category(F.col("vn_aqi")))
        .withColumn("completeness", completeness(pollutants))
    )


HOURLY_COLUMNS = (
    "location_key", "ts_utc", "date_utc", "date_key", "time_key", *CONCENTRATION_COLUMNS,
    "pm25_nowcast", "pm10_nowcast", "us_aqi", "us_aqi_category", "dominant_pollutant",
    "vn_aqi", "vn_aqi_category", "vn_dominant_pollutant", "completeness",
)
