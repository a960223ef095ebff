"""Silver job on local Spark: dedup keeps the latest ingest, implausible values are nulled and
listed, full mode rebuilds, incremental mode rewrites exactly its date range."""
import json
from datetime import UTC, date, datetime

import pytest

from devtools.sample_bronze import replace_bronze, sample_bronze_rows
from jobs.common.lakehouse_tables import SILVER_TABLE
from jobs.silver.run_silver_pipeline import main, parse_args

START = date(2024, 3, 1)
LATER = datetime(2026, 2, 1, tzinfo=UTC)
EARLIER = datetime(2025, 12, 1, tzinfo=UTC)
PM25 = 4  # index of pm2_5 in a bronze row
PM10 = 3
CO = 5
INGESTED = 18


def _with(row, **changes):
    row = list(row)
    for index, value in changes.items():
        row[int(index[1:])] = value
    return tuple(row)


def _bronze_rows():
    rows = sample_bronze_rows(START, 2)
    hanoi_5 = rows[5]
    hcmc_3 = rows[48 + 3]
    rows[5] = _with(hanoi_5, **{f"i{PM25}": 42.0, f"i{INGESTED}": LATER})
    rows.append(_with(hanoi_5, **{f"i{PM25}": 999.0, f"i{INGESTED}": EARLIER}))  # older duplicate
    rows.append(_with(hanoi_5, **{f"i{PM25}": 888.0, f"i{INGESTED}": EARLIER}))
    rows[48 + 3] = _with(hcmc_3, **{f"i{PM10}": -3.0, f"i{CO}": 1e9})
    return rows


def _value(spark, column, location, ts):
    return spark.table(SILVER_TABLE).where(f"location_key = '{location}' AND ts_utc = timestamp'{ts}'").select(column).first()[0]


@pytest.fixture(scope="module")
def full_silver(spark):
    replace_bronze(spark, _bronze_rows())
    assert main(["--mode", "full"], spark=spark) == 0
    return spark


def test_full_mode_keeps_one_row_per_location_hour(full_silver):
    spark = full_silver
    silver = spark.table(SILVER_TABLE)
    assert silver.count() == 3 * 48
    assert silver.groupBy("location_key", "ts_utc").count().where("count > 1").count() == 0


def test_duplicates_resolve_to_the_latest_ingest(full_silver):
    assert _value(full_silver, "pm2_5", "hanoi", "2024-03-01 05:00:00") == 42.0


def test_implausible_values_are_nulled_and_listed(full_silver):
    row = full_silver.table(SILVER_TABLE).where("location_key = 'hcmc' AND ts_utc = timestamp'2024-03-01 03:00:00'").first()
    assert row.pm10 is None and row.carbon_monoxide is None
    assert sorted(row.nulled_columns) == ["carbon_monoxide", "pm10"]
    assert row.has_nulled_values is True
    assert row.pm2_5 is not None
    assert full_silver.table(SILVER_TABLE).where("has_nulled_values").count() == 1


def test_keys_are_derived_from_the_utc_timestamp(full_silver):
    row = full_silver.table(SILVER_TABLE).where("location_key = 'danang' AND ts_utc = timestamp'2024-03-02 17:00:00'").first()
    assert (row.date_key, row.time_key, row.date_utc) == (20240302, 17, date(2024, 3, 2))


def test_incremental_rewrites_exactly_its_range(full_silver, capsys):
    spark = full_silver
    rows = _bronze_rows()
    rows[0] = _with(rows[0], **{f"i{PM25}": 77.0})  # hanoi 2024-03-01 00:00, outside the range
    rows[24] = _with(rows[24], **{f"i{PM25}": 88.0})  # hanoi 2024-03-02 00:00, inside it
    replace_bronze(spark, rows)
    assert main(["--mode", "incremental", "--start-date", "2024-03-02", "--end-date", "2024-03-02"], spark=spark) == 0
    assert _value(spark, "pm2_5", "hanoi", "2024-03-01 00:00:00") != 77.0
    assert _value(spark, "pm2_5", "hanoi", "2024-03-02 00:00:00") == 88.0
    assert spark.table(SILVER_TABLE).count() == 3 * 48
    result_line = [line for line in capsys.readouterr().out.splitlines() if line.startswith("BACKFILL_RESULT ")][-1]
    assert json.loads(result_line.split(" ", 1)[1])["rows_written"] == {SILVER_TABLE: 3 * 24}


def test_incremental_needs_a_date_range():
    with pytest.raises(SystemExit):
        parse_args(["--mode", "incremental", "--start-date", "2024-03-02"])
    with pytest.raises(SystemExit):
        parse_args(["--mode", "incremental", "--start-date", "2024-03-02", "--end-date", "2024-03-01"])


def test_the_result_reports_commits_and_the_coverage_of_the_range(full_silver, capsys):
    spark = full_silver
    capsys.readouterr()
    parent = spark.sql(f"SELECT snapshot_id FROM {SILVER_TABLE}.snapshots ORDER BY committed_at DESC LIMIT 1").first()[0]
    assert main(["--mode", "full", "--coverage-from", "2024-02-29", "--coverage-to", "2024-03-02"], spark=spark) == 0
    result_line = [line for line in capsys.readouterr().out.splitlines() if line.startswith("BACKFILL_RESULT ")][-1]
    result = json.loads(result_line.split(" ", 1)[1])
    [commit] = result["commits"]
    assert commit["table"] == SILVER_TABLE
    assert commit["parent_snapshot_id"] == str(parent)
    assert commit["rows_written"] == 3 * 48
    newest = spark.sql(f"SELECT snapshot_id FROM {SILVER_TABLE}.snapshots ORDER BY committed_at DESC LIMIT 1").first()[0]
    assert commit["snapshot_id"] == str(newest)
    coverage = result["coverage"]
    assert (coverage["start"], coverage["end"], coverage["hours_per_day"]) == ("2024-02-29", "2024-03-02", 24)
    assert sorted(coverage["locations"]) == ["danang", "hanoi", "hcmc"]
    # No data on 29 February; 1 March lost one complete hour in HCMC (pm10 and co nulled at 03:00).
    assert coverage["locations"]["hanoi"] == [0, 24, 24]
    assert coverage["locations"]["hcmc"] == [0, 23, 24]


def _drop_data_files_of(spark, day: str) -> int:
    """Removes the data files of one day of silver from disk, behind Iceberg's back: any scan of that day fails."""
    import os
    from urllib.parse import urlparse

    paths = [row[0] for row in spark.sql(f"SELECT file_path FROM {SILVER_TABLE}.files WHERE partition.date_utc = DATE '{day}'").collect()]
    for path in paths:
        os.remove(urlparse(path).path if path.startswith("file:") else path)
    return len(paths)


def test_a_chunk_reports_coverage_of_the_run_locations_without_reading_other_days(full_silver, capsys, tmp_path):
    spark = full_silver
    replace_bronze(spark, _bronze_rows())
    assert main(["--mode", "full"], spark=spark) == 0
    locations = tmp_path / "locations.jsonl"
    stations = [("hanoi", 21.03, 105.85), ("hcmc", 10.82, 106.63), ("quiet-station", 16.05, 108.2)]
    locations.write_text("".join(
        json.dumps({"location_key": key, "location_name": key, "latitude": lat, "longitude": lon, "timezone": "Asia/Ho_Chi_Minh"}) + "\n"
        for key, lat, lon in stations
    ))
    assert _drop_data_files_of(spark, "2024-03-01") > 0
    capsys.readouterr()
    try:
        argv = ["--mode", "incremental", "--start-date", "2024-03-02", "--end-date", "2024-03-02",
                "--coverage-from", "2024-03-02", "--coverage-to", "2024-03-02", "--locations-file", str(locations)]
        assert main(argv, spark=spark) == 0
        result_line = [line for line in capsys.readouterr().out.splitlines() if line.startswith("BACKFILL_RESULT ")][-1]
        coverage = json.loads(result_line.split(" ", 1)[1])["coverage"]
        # danang is not in the file but has rows in the range; the quiet station sent nothing.
        assert coverage["locations"] == {"danang": [24], "hanoi": [24], "hcmc": [24], "quiet-station": [0]}
    finally:
        assert main(["--mode", "full"], spark=spark) == 0  # silver whole again (a full rewrite reads no old file)
