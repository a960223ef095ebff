"""table_stats prints one TABLE_STATS line: row counts (null for a missing table), AQI ranges of the
facts, (location, day) pairs of the daily fact, and duplicate keys."""
import json
from datetime import date, datetime

from pyspark.sql import functions as F

from devtools.sample_bronze import replace_bronze, sample_bronze_rows
from devtools.table_stats import main
from jobs.common.lakehouse_tables import (
    BRONZE_TABLE,
    FACT_DAILY_TABLE,
    FACT_EPISODE_TABLE,
    FACT_HOURLY_TABLE,
    SILVER_TABLE,
    ensure_table,
    overwrite_table,
)
from jobs.silver.run_silver_pipeline import main as silver_main


def _write_with_nulls(spark, table, rows, ddl):
    """Write rows giving only some columns; the table's other columns are null."""
    df = spark.createDataFrame(rows, ddl)
    ensure_table(spark, table)
    target = spark.table(table).schema
    filled = df.select(*[
        (F.col(f.name) if f.name in df.columns else F.lit(None)).cast(f.dataType).alias(f.name) for f in target
    ])
    overwrite_table(spark, filled, table)


def test_stats_line(spark, capsys):
    rows = sample_bronze_rows(date(2024, 3, 1), 1, cities=("hanoi",))
    replace_bronze(spark, rows + rows[:5] + rows[:2])  # 7 extra rows over 5 keys
    assert silver_main(["--mode", "full"], spark=spark) == 0
    hour = datetime(2024, 3, 1, 5)
    _write_with_nulls(spark, FACT_HOURLY_TABLE, [("hanoi", hour, 10, 5), ("hanoi", hour, 200, 300), ("hcmc", hour, None, None)],
                      "location_key string, ts_utc timestamp, us_aqi int, vn_aqi int")
    _write_with_nulls(spark, FACT_DAILY_TABLE, [("hanoi", date(2024, 3, 1), 50, 40), ("hcmc", date(2024, 3, 1), 120, 90)],
                      "location_key string, date_utc date, us_aqi int, vn_aqi int")
    spark.sql(f"DROP TABLE IF EXISTS {FACT_EPISODE_TABLE}")
    capsys.readouterr()

    assert main([], spark=spark) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("TABLE_STATS ")]
    assert len(lines) == 1
    stats = json.loads(lines[0].split(" ", 1)[1])
    counts = stats["row_counts"]
    assert (counts[BRONZE_TABLE], counts[SILVER_TABLE], counts[FACT_HOURLY_TABLE]) == (31, 24, 3)
    assert counts[FACT_EPISODE_TABLE] is None
    assert stats["duplicate_keys"] == {BRONZE_TABLE: 7, SILVER_TABLE: 0, FACT_HOURLY_TABLE: 1}
    assert stats["aqi_ranges"][FACT_HOURLY_TABLE] == {"us_aqi": {"min": 10, "max": 200}, "vn_aqi": {"min": 5, "max": 300}}
    assert stats["aqi_ranges"][FACT_DAILY_TABLE] == {"us_aqi": {"min": 50, "max": 120}, "vn_aqi": {"min": 40, "max": 90}}
    assert stats["daily_location_days"] == 2
    assert stats["location_keys"][FACT_DAILY_TABLE] == ["hanoi", "hcmc"]
