"""Synthetic bronze rows for tests and demos: smooth, plausible hourly air quality for the three
cities, with optional high-PM2.5 stretches (to make pollution episodes) at chosen hours."""
from __future__ import annotations

import math
import sys
from datetime import UTC, date, datetime, timedelta

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from jobs.common.lakehouse_tables import BRONZE_SCHEMA, BRONZE_TABLE, ensure_bronze_table

CITY_COORDINATES = {"hanoi": (21.0285, 105.8542), "hcmc": (10.8231, 106.6297), "danang": (16.0544, 108.2022)}
INGESTED_AT = datetime(2026, 1, 1, 0, 0, 0, tzinfo=UTC)


def _hourly_values(city_index: int, hour_index: int) -> dict[str, float]:
    wave = math.sin((hour_index + 3 * city_index) * math.pi / 12)
    return {
        "pm10": 30.0 + 10 * wave + 5 * city_index,
        "pm2_5": 18.0 + 6 * wave + 3 * city_index,
        "carbon_monoxide": 400.0 + 80 * wave,
        "nitrogen_dioxide": 25.0 + 8 * wave,
        "sulphur_dioxide": 8.0 + 2 * wave,
        "ozone": 60.0 + 25 * wave,
        "aerosol_optical_depth": 0.4 + 0.1 * wave,
        "dust": 2.0,
        "uv_index": max(0.0, 8 * wave),
        "carbon_dioxide": 420.0,
    }


def sample_bronze_rows(
    start: date,
    days: int,
    cities: tuple[str, ...] = ("hanoi", "hcmc", "danang"),
    high_pm25: dict[str, list[tuple[int, int, float]]] | None = None,
    ingested_at: datetime = INGESTED_AT,
) -> list[tuple]:
    """Rows in BRONZE_SCHEMA order. high_pm25 maps a city to (first hour index, hours, µg/m³) stretches."""
    rows = []
    first = datetime(start.year, start.month, start.day, tzinfo=UTC)
    for city_index, city in enumerate(cities):
        lat, lon = CITY_COORDINATES[city]
        stretches = (high_pm25 or {}).get(city, [])
        for hour_index in range(days * 24):
            ts = first + timedelta(hours=hour_index)
            values = _hourly_values(city_index, hour_index)
            for first_hour, hours, level in stretches:
                if first_hour <= hour_index < first_hour + hours:
                    values["pm2_5"] = level
            rows.append((
                city, ts, ts.date(), *values.values(), lat, lon,
                f"http://127.0.0.1/v1/air-quality?city={city}", start, start + timedelta(days=days - 1), ingested_at,
            ))
    return rows


def bronze_frame(spark: SparkSession, rows: list[tuple]) -> DataFrame:
    return spark.createDataFrame(rows, BRONZE_SCHEMA)


def replace_bronze(spark: SparkSession, rows: list[tuple]) -> None:
    """Make lh.bronze.open_meteo_hourly hold exactly `rows` (one commit)."""
    ensure_bronze_table(spark)
    bronze_frame(spark, rows).writeTo(BRONZE_TABLE).overwrite(F.lit(True))


def main(argv: list[str] | None = None, spark=None) -> int:
    """As a PySpark app: fill bronze with synthetic rows (for demos and end-to-end tests without the API)."""
    import argparse

    from jobs.common.dates import parse_date

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--start-date", default="2024-03-01")
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--warehouse")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if spark is None:
        from jobs.common.spark import get_spark

        spark = get_spark("backfill-sample-bronze", args.warehouse)
        spark.conf.set("spark.sql.session.timeZone", "UTC")
    rows = sample_bronze_rows(parse_date(args.start_date), args.days, high_pm25={"hanoi": [(30, 10, 200.0)]})
    replace_bronze(spark, rows)
    print(f"SAMPLE_BRONZE rows={len(rows)}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
