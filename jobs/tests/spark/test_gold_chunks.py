"""Silver and gold in chunks (the console's --chunk): a chunk reads silver with a lookback before its start
and a lookahead past its end, owns the episodes that start in it, and writes the dims only when asked;
chunks in any cut, over tables another cut wrote (files straddling the chunk), give the unchunked rows."""
from datetime import datetime, timedelta

import pytest

from devtools.sample_bronze import INGESTED_AT, replace_bronze, sample_bronze_rows
from jobs.common.lakehouse_tables import (
    DIM_DATE_TABLE,
    DIM_LOCATION_TABLE,
    FACT_DAILY_TABLE,
    FACT_EPISODE_TABLE,
    FACT_HOURLY_TABLE,
    SILVER_TABLE,
)
from jobs.gold.run_gold_pipeline import main as gold_main
from jobs.silver.run_silver_pipeline import main as silver_main

START = datetime(2024, 3, 1)
DAYS = 6
# Hanoi: 12 high hours from day 3 18:00, across the day 3/4 edge. Ho Chi Minh City: 70 from day 3 12:00 to
# day 6 09:00, longer than a chunk's first lookahead.
HANOI_RUN = (66, 12)
HCMC_RUN = (60, 70)
FACTS = (FACT_HOURLY_TABLE, FACT_DAILY_TABLE, FACT_EPISODE_TABLE)


def _rows(spark, table: str, drop=()) -> list[tuple]:
    """Every row of the table, sorted; doubles rounded to 9 significant digits (sums in another order differ
    in the last bits)."""
    frame = spark.table(table).drop(*drop)
    rows = [tuple(float(f"{v:.9g}") if isinstance(v, float) else v for v in row) for row in frame.collect()]
    return sorted(rows, key=repr)


def _gold(*argv: str) -> None:
    assert gold_main(list(argv), spark=_SPARK[0]) == 0


_SPARK: list = []


@pytest.fixture(scope="module")
def lake(spark):
    _SPARK[:] = [spark]
    rows = sample_bronze_rows(START.date(), DAYS, cities=("hanoi", "hcmc"), high_pm25={"hanoi": [(*HANOI_RUN, 250.0)], "hcmc": [(*HCMC_RUN, 250.0)]})
    replace_bronze(spark, rows)
    assert silver_main(["--mode", "full"], spark=spark) == 0
    _gold("--mode", "all")
    whole = {table: _rows(spark, table) for table in FACTS}
    return spark, whole


def _empty_facts(spark):
    for table in FACTS:
        spark.sql(f"DELETE FROM {table}")


def test_chunks_give_the_whole_runs_rows_and_the_episode_across_an_edge_stays_one(lake):
    spark, whole = lake
    _empty_facts(spark)
    _gold("--mode", "all", "--start-date", "2024-03-01", "--end-date", "2024-03-03")
    _gold("--mode", "facts", "--start-date", "2024-03-04", "--end-date", "2024-03-06")
    for table in FACTS:
        assert _rows(spark, table) == whole[table], table
    episodes = {row.location_key: row for row in spark.table(FACT_EPISODE_TABLE).collect()}
    assert spark.table(FACT_EPISODE_TABLE).count() == 2
    hanoi, hcmc = episodes["hanoi"], episodes["hcmc"]
    edge = datetime(2024, 3, 4)
    assert hanoi.start_ts_utc < edge <= hanoi.end_ts_utc  # across the chunks' edge, one episode
    assert hcmc.end_ts_utc - hcmc.start_ts_utc > timedelta(days=2)  # longer than the first lookahead
    assert hcmc.start_ts_utc < edge and hcmc.end_ts_utc >= START + timedelta(hours=HCMC_RUN[0] + HCMC_RUN[1] - 1)


def test_a_rerun_cut_otherwise_over_straddling_files_keeps_the_rows(lake):
    spark, whole = lake
    # The tables hold files written whole (a month, a location) or by 3-day chunks: 2-day chunks straddle them.
    _gold("--mode", "all")
    for first, last in (("2024-03-01", "2024-03-02"), ("2024-03-03", "2024-03-04"), ("2024-03-05", "2024-03-06")):
        _gold("--mode", "facts", "--start-date", first, "--end-date", last)
    for table in FACTS:
        assert _rows(spark, table) == whole[table], table


def test_facts_mode_leaves_the_dims_and_a_chunk_with_dims_spans_silver(lake):
    spark, _ = lake
    spark.sql(f"DELETE FROM {DIM_DATE_TABLE}")
    snapshots = spark.sql(f"SELECT count(*) FROM {DIM_LOCATION_TABLE}.snapshots").first()[0]
    _gold("--mode", "facts", "--start-date", "2024-03-02", "--end-date", "2024-03-02")
    assert spark.table(DIM_DATE_TABLE).count() == 0
    assert spark.sql(f"SELECT count(*) FROM {DIM_LOCATION_TABLE}.snapshots").first()[0] == snapshots
    _gold("--mode", "all", "--start-date", "2024-03-02", "--end-date", "2024-03-02")
    keys = [row.date_key for row in spark.table(DIM_DATE_TABLE).orderBy("date_key").collect()]
    assert keys == [20240301 + day for day in range(DAYS)]  # the whole of silver, not the chunk's day


def test_silver_chunks_deduplicate_across_their_edges_as_a_full_rebuild_does(lake):
    spark, _ = lake
    rows = sample_bronze_rows(START.date(), DAYS, cities=("hanoi", "hcmc"))
    # A later ingest of the last hour of day 3 and the first of day 4, with other values: the latest wins.
    later = INGESTED_AT + timedelta(days=30)
    for index in (71, 72):
        again = list(rows[index])
        again[4] = 999.0  # pm2_5
        again[-1] = later
        rows.append(tuple(again))
    replace_bronze(spark, rows)
    assert silver_main(["--mode", "full"], spark=spark) == 0
    whole = _rows(spark, SILVER_TABLE, drop=("_processed_at",))
    spark.sql(f"DELETE FROM {SILVER_TABLE}")
    for first, last in (("2024-03-01", "2024-03-03"), ("2024-03-04", "2024-03-06")):
        assert silver_main(["--mode", "incremental", "--start-date", first, "--end-date", last], spark=spark) == 0
    assert _rows(spark, SILVER_TABLE, drop=("_processed_at",)) == whole
    assert spark.table(SILVER_TABLE).count() == 2 * DAYS * 24
    assert spark.table(SILVER_TABLE).where("pm2_5 = 999.0").count() == 2
