"""Partitioned tables are written clustered by partition and sorted, so a writing task keeps one data file
open at a time instead of one per partition it meets (the gold OOM of a 60-location, 22-month backfill)."""
from datetime import date

import pytest

from jobs.common.lakehouse_tables import (
    BRONZE_TABLE,
    BRONZE_WRITE_ORDER,
    FACT_DAILY_TABLE,
    FACT_HOURLY_TABLE,
    TABLE_DDL,
    WRITE_ORDER,
    bronze_ddl,
    ensure_bronze_table,
    ensure_table,
)
from jobs.common.write_order import has_clustered_writes


def properties(spark, table: str) -> dict:
    return {row.key: row.value for row in spark.sql(f"SHOW TBLPROPERTIES {table}").collect()}


def physical_plan_of_a_write(spark, table: str) -> str:
    return spark.sql(f"EXPLAIN INSERT INTO {table} SELECT * FROM {table}").first()[0]


@pytest.mark.parametrize("table", sorted(WRITE_ORDER))
def test_new_partitioned_tables_carry_the_distribution_and_sort_order(spark, table):
    spark.sql(f"DROP TABLE IF EXISTS {table} PURGE")
    ensure_table(spark, table)
    props = properties(spark, table)
    assert props["write.distribution-mode"] == "hash"
    assert props["sort-order"].startswith(f"{WRITE_ORDER[table][0]} ASC")
    assert has_clustered_writes(spark, table, WRITE_ORDER[table])


def test_a_bronze_table_created_without_them_gets_them(spark):
    spark.sql(f"DROP TABLE IF EXISTS {BRONZE_TABLE} PURGE")
    spark.sql("CREATE NAMESPACE IF NOT EXISTS lh.bronze")
    spark.sql(bronze_ddl())
    assert not has_clustered_writes(spark, BRONZE_TABLE, BRONZE_WRITE_ORDER)
    ensure_bronze_table(spark)
    assert properties(spark, BRONZE_TABLE)["write.distribution-mode"] == "hash"
    assert has_clustered_writes(spark, BRONZE_TABLE, BRONZE_WRITE_ORDER)


def test_an_existing_gold_table_gets_them_and_keeps_its_rows(spark):
    spark.sql(f"DROP TABLE IF EXISTS {FACT_DAILY_TABLE} PURGE")
    spark.sql(f"CREATE TABLE {FACT_DAILY_TABLE} {TABLE_DDL[FACT_DAILY_TABLE]}")
    schema = spark.table(FACT_DAILY_TABLE).schema
    row = tuple({"location_key": "hanoi", "date_utc": date(2024, 1, 1)}.get(f.name) for f in schema.fields)
    spark.createDataFrame([row], schema).writeTo(FACT_DAILY_TABLE).append()
    ensure_table(spark, FACT_DAILY_TABLE)
    assert has_clustered_writes(spark, FACT_DAILY_TABLE, WRITE_ORDER[FACT_DAILY_TABLE])
    assert spark.table(FACT_DAILY_TABLE).count() == 1
    snapshots = spark.table(f"{FACT_DAILY_TABLE}.snapshots").count()
    ensure_table(spark, FACT_DAILY_TABLE)  # already set: no change at all
    assert spark.table(f"{FACT_DAILY_TABLE}.snapshots").count() == snapshots


def test_a_write_sorts_each_task_by_partition_so_files_are_written_one_at_a_time(spark):
    ensure_table(spark, FACT_HOURLY_TABLE)
    plan = physical_plan_of_a_write(spark, FACT_HOURLY_TABLE)
    sort = plan.index("Sort [location_key")
    assert plan.index("hashpartitioning(location_key") > sort  # the shuffle by partition, then the sort
