"""Daily fact: one row per location and UTC day, each AQI by its standard's daily rules.

US: PM 24-hour means; O3 the day's highest 8-hour mean (and 1-hour value from 0.125 ppm);
CO the highest 8-hour mean; NO2 and SO2 the highest 1-hour value (SO2 above 304 ppb: the
24-hour mean). VN: PM 24-hour means; O3 the larger of the highest 1-hour and 8-hour indices;
CO, NO2, SO2 the highest 1-hour value. A 24-hour mean needs 18 of the day's hours.
"""
from __future__ import annotations

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from jobs.common.aqi_tables import AQI_CATEGORIES
from jobs.gold import aqi_columns as aqi
from jobs.gold.fact_hourly import MIN_HOURS_24H

HOURS_PER_DAY = 24


def _daily_mean(column: str) -> F.Column:
    return F.when(F.count(column) >= MIN_HOURS_24H, F.avg(column))


def daily_inputs(hourly: DataFrame) -> DataFrame:
    category_hours = [
        F.sum(F.when(F.col("us_aqi_category") == name, 1).otherwise(0)).cast("int").alias(f"hours_{name}")
        for name, _ in AQI_CATEGORIES
    ]
    return hourly.groupBy("location_key", "date_utc").agg(
        _daily_mean("pm2_5").alias("pm25_24h_mean"),
        _daily_mean("pm10").alias("pm10_24h_mean"),
        F.max("o3_8h").alias("o3_8h_max"),
        F.max("ozone").alias("o3_1h_max"),
        F.max("co_8h").alias("co_8h_max"),
        F.max("carbon_monoxide").alias("co_1h_max"),
        F.max("nitrogen_dioxide").alias("no2_1h_max"),
        F.max("sulphur_dioxide").alias("so2_1h_max"),
        _daily_mean("sulphur_dioxide").alias("so2_24h_mean"),
        F.sum(F.when(F.col("completeness") > 0, 1).otherwise(0)).cast("int").alias("hours_measured"),
        *category_hours,
    )


def build_daily(hourly: DataFrame, pollutants: set[str]) -> DataFrame:
    unit = aqi.ugm3_to_us_unit
    us = {
        "pm25": aqi.us_sub_index("pm25_24h", F.col("pm25_24h_mean")),
        "pm10": aqi.us_sub_index("pm10_24h", F.col("pm10_24h_mean")),
        "o3": aqi.us_o3_sub_index(unit("o3", F.col("o3_8h_max")), unit("o3", F.col("o3_1h_max"))),
        "co": aqi.us_sub_index("co_8h", unit("co", F.col("co_8h_max"))),
        "no2": aqi.us_sub_index("no2_1h", unit("no2", F.col("no2_1h_max"))),
        "so2": aqi.us_so2_sub_index(unit("so2", F.col("so2_1h_max")), unit("so2", F.col("so2_24h_mean"))),
    }
    vn = {
        "pm25": aqi.vn_sub_index("pm25", F.col("pm25_24h_mean")),
        "pm10": aqi.vn_sub_index("pm10", F.col("pm10_24h_mean")),
        "o3": aqi.vn_o3_sub_index(F.col("o3_1h_max"), F.col("o3_8h_max")),
        "co": aqi.vn_sub_index("co_1h", F.col("co_1h_max")),
        "no2": aqi.vn_sub_index("no2_1h", F.col("no2_1h_max")),
        "so2": aqi.vn_sub_index("so2_1h", F.col("so2_1h_max")),
    }
    df = daily_inputs(hourly)
    df, us_aqi, us_dominant = aqi.with_aqi(df, "_us", {p: c for p, c in us.items() if p in pollutants})
    df, vn_aqi, vn_dominant = aqi.with_aqi(df, "_vn", {p: c for p, c in vn.items() if p in pollutants}, require_pm=True)
    return (
        df.withColumn("date_key", F.date_format("date_utc", "yyyyMMdd").cast("int"))
        .withColumn("us_aqi", us_aqi)
        .withColumn("dominant_pollutant", us_dominant)
        .withColumn("vn_aqi", vn_aqi)
        .withColumn("vn_dominant_pollutant", vn_dominant)
        .withColumn("us_aqi_category", aqi.category(F.col("us_aqi")))
        .withColumn("vn_aqi_category", aqi.category(F.col("vn_aqi")))
        .withColumn("data_completeness", F.col("hours_measured") / F.lit(float(HOURS_PER_DAY)))
    )
