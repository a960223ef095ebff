"""A small complete lakehouse for tests: synthetic bronze (3 cities, a 10-hour PM2.5 spike in Hanoi
and a 1-hour one in Ho Chi Minh City, one missing ozone hour in Da Nang), then the silver and gold jobs."""
from __future__ import annotations

from datetime import date

from devtools.sample_bronze import replace_bronze, sample_bronze_rows
from jobs.gold.run_gold_pipeline import main as gold_main
from jobs.silver.run_silver_pipeline import main as silver_main

SAMPLE_START = date(2024, 3, 1)
SAMPLE_DAYS = 3
OZONE_INDEX = 8  # position of `ozone` in a bronze row


def build_sample_lakehouse(spark, days: int = SAMPLE_DAYS) -> None:
    rows = sample_bronze_rows(SAMPLE_START, days, high_pm25={"hanoi": [(30, 10, 200.0)], "hcmc": [(30, 1, 200.0)]})
    danang_10 = list(rows[2 * days * 24 + 10])
    danang_10[OZONE_INDEX] = None
    rows[2 * days * 24 + 10] = tuple(danang_10)
    replace_bronze(spark, rows)
    if silver_main(["--mode", "full"], spark=spark) != 0 or gold_main(["--mode", "all"], spark=spark) != 0:
        raise RuntimeError("sample lakehouse: a job failed")
