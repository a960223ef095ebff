"""The bronze job in-process on the shared local Spark session, against the sample server."""
import json
import os
import signal
from datetime import UTC, datetime

import pytest
from pyspark.sql import functions as F

from devtools.sample_api.testing import sample_server
from jobs.bronze import run_bronze_pipeline
from jobs.bronze.open_meteo_client import OpenMeteoClient, RetryPolicy, build_url
from jobs.bronze.rate_limiter import RateLimiter
from jobs.bronze.response_parser import parse_air_quality
from jobs.bronze.spool import Spool
from jobs.common.config import load_locations, load_pollutants
from jobs.common.lakehouse_tables import BRONZE_COLUMNS, BRONZE_TABLE


@pytest.fixture(scope="module")
def api_url():
    with sample_server() as server:
        yield server.url


@pytest.fixture(scope="module")
def bronze(spark):
    # Other modules may have written the shared catalog's bronze table; start from nothing.
    spark.sql(f"DROP TABLE IF EXISTS {BRONZE_TABLE} PURGE")
    yield spark


def run_job(spark, api_url, *args) -> int:
    return run_bronze_pipeline.main(
        ["--mode", "backfill", "--api-url", api_url, "--min-request-interval", "0", *args], spark=spark
    )


def lines(output: str, prefix: str) -> list[dict]:
    return [json.loads(line[len(prefix) + 1 :]) for line in output.splitlines() if line.startswith(prefix + " ")]


def table(spark):
    return spark.table(BRONZE_TABLE)


def duplicate_keys(spark) -> int:
    return table(spark).groupBy("location_key", "ts_utc").count().where("count > 1").count()


def snapshot_count(spark) -> int:
    return spark.table(f"{BRONZE_TABLE}.snapshots").count()


def ingested_by_day(spark) -> dict:
    rows = table(spark).groupBy("date_utc", "location_key").agg(F.max("_ingested_at").alias("at")).collect()
    return {(r.date_utc.isoformat(), r.location_key): r.at for r in rows}


def test_backfill_writes_every_hour_of_every_city_in_one_commit(bronze, api_url, capsys):
    # 2024-02-27..2024-03-02: five days across a leap-day month end, so two month chunks per city.
    assert run_job(bronze, api_url, "--start-date", "2024-02-27", "--end-date", "2024-03-02", "--override") == 0
    out = capsys.readouterr().out
    progress = lines(out, "BACKFILL_PROGRESS")
    assert progress[0] == {"done": 0, "total": 6, "unit": "location-months"}
    assert progress[-1] == {"done": 6, "total": 6, "unit": "location-months"}
    (result,) = lines(out, "BACKFILL_RESULT")
    assert result["rows_written"] == {BRONZE_TABLE: 3 * 24 * 5}
    assert table(bronze).count() == 3 * 24 * 5
    assert snapshot_count(bronze) == 1
    feb29 = table(bronze).where("location_key = 'hanoi' AND date_utc = DATE'2024-02-29'")
    assert feb29.count() == 24
    assert feb29.where("pm2_5 IS NOT NULL AND ozone IS NOT NULL").count() >= 20
    assert {r.request_end_date.isoformat() for r in table(bronze).select("request_end_date").distinct().collect()} == {
        "2024-02-29",
        "2024-03-02",
    }


def test_override_rerun_changes_no_row_count(bronze, api_url, capsys):
    assert run_job(bronze, api_url, "--start-date", "2024-02-27", "--end-date", "2024-03-02", "--override") == 0
    assert table(bronze).count() == 3 * 24 * 5
    assert duplicate_keys(bronze) == 0


def test_one_day_override_touches_only_that_day(bronze, api_url, capsys):
    before = ingested_by_day(bronze)
    snapshots = snapshot_count(bronze)
    assert run_job(bronze, api_url, "--start-date", "2024-02-29", "--end-date", "2024-02-29", "--override") == 0
    after = ingested_by_day(bronze)
    assert snapshot_count(bronze) == snapshots + 1
    assert table(bronze).count() == 3 * 24 * 5
    assert {k for k in after if after[k] != before[k]} == {("2024-02-29", c) for c in ("hanoi", "hcmc", "danang")}


def test_location_and_pollutant_subset_override_keeps_the_rest(bronze, api_url, capsys):
    before = ingested_by_day(bronze)
    hcmc_ozone = table(bronze).where("location_key = 'hanoi' AND date_utc = DATE'2024-03-01'").agg(F.sum("ozone")).first()[0]
    assert run_job(
        bronze, api_url, "--start-date", "2024-03-01", "--end-date", "2024-03-01", "--override",
        "--locations", "hanoi", "--pollutants", "pm25",
    ) == 0
    after = ingested_by_day(bronze)
    assert {k for k in after if after[k] != before[k]} == {("2024-03-01", "hanoi")}
    assert table(bronze).count() == 3 * 24 * 5
    hanoi_day = table(bronze).where("location_key = 'hanoi' AND date_utc = DATE'2024-03-01'")
    # ozone was not asked for: the stored values are carried over, not wiped
    assert hanoi_day.agg(F.sum("ozone")).first()[0] == hcmc_ozone
    assert hanoi_day.where("pm2_5 IS NOT NULL").count() >= 20


def test_without_override_only_missing_hours_are_appended(bronze, api_url, capsys):
    snapshots = snapshot_count(bronze)
    assert run_job(bronze, api_url, "--start-date", "2024-03-01", "--end-date", "2024-03-03") == 0
    (result,) = lines(capsys.readouterr().out, "BACKFILL_RESULT")
    assert result["rows_written"] == {BRONZE_TABLE: 3 * 24}  # only 2024-03-03 is new
    assert table(bronze).count() == 3 * 24 * 6
    assert duplicate_keys(bronze) == 0
    assert snapshot_count(bronze) == snapshots + 1
    assert run_job(bronze, api_url, "--start-date", "2024-03-01", "--end-date", "2024-03-03") == 0
    assert table(bronze).count() == 3 * 24 * 6
    assert snapshot_count(bronze) == snapshots + 1  # nothing new, no commit


def test_sigterm_while_fetching_leaves_the_table_untouched(bronze, api_url, capsys, monkeypatch):
    snapshots = snapshot_count(bronze)
    real_report = run_bronze_pipeline.report_progress

    def report_then_terminate(done, total, unit):
        real_report(done, total, unit)
        if done == 2:
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(run_bronze_pipeline, "report_progress", report_then_terminate)
    previous_handler = signal.getsignal(signal.SIGTERM)
    with pytest.raises(SystemExit) as exited:
        run_job(bronze, api_url, "--start-date", "2024-04-01", "--end-date", "2024-05-31", "--override")
    assert exited.value.code == 143
    assert signal.getsignal(signal.SIGTERM) is previous_handler
    assert snapshot_count(bronze) == snapshots
    assert "BACKFILL_FAILED bronze: stopped by SIGTERM" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args, message",
    [
        (["--start-date", "2024-03-02", "--end-date", "2024-03-01"], "before start date"),
        (["--start-date", "2024-02-30", "--end-date", "2024-03-01"], "not a real date"),
        (["--start-date", "2024-03-01"], "needs --start-date and --end-date"),
        (["--start-date", "2024-03-01", "--end-date", "2024-03-01", "--locations", "paris"], "unknown location"),
        (["--start-date", "2024-03-01", "--end-date", "2024-03-01", "--locations-file", "/nonexistent.jsonl"], "/nonexistent.jsonl"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(args, message, capsys):
    with pytest.raises(SystemExit) as exited:
        run_bronze_pipeline.main(["--mode", "backfill", *args], spark=None)
    assert exited.value.code == 2
    assert message in capsys.readouterr().err.strip().splitlines()[-1]


def test_api_rejection_exits_1_and_writes_nothing(bronze, capsys):
    snapshots = snapshot_count(bronze)
    with sample_server(bad_request=True) as server:
        with pytest.raises(SystemExit) as exited:
            run_job(bronze, server.url, "--start-date", "2024-03-01", "--end-date", "2024-03-01", "--override")
    assert exited.value.code == 1
    assert "HTTP 400" in capsys.readouterr().err.strip().splitlines()[-1]
    assert snapshot_count(bronze) == snapshots


def test_the_table_holds_exactly_the_parsed_answers(bronze, api_url, capsys):
    assert run_job(bronze, api_url, "--start-date", "2024-06-29", "--end-date", "2024-07-02", "--override") == 0
    client = OpenMeteoClient(api_url, RateLimiter(0), RetryPolicy(max_attempts=1))
    variables = [p.api_variable for p in load_pollutants()]
    expected = set()
    for location, start, end in run_bronze_pipeline.plan_requests(load_locations(), *run_bronze_pipeline.parse_range("2024-06-29", "2024-07-02")):
        url = build_url(api_url, location.latitude, location.longitude, variables, start, end)
        parsed = parse_air_quality(
            client.get_json(url), location_key=location.location_key, variables=variables, request_url=url,
            request_start=start, request_end=end, ingested_at=datetime.now(UTC),  # left out below
        )
        expected |= {(row[0], row[1].replace(tzinfo=None), *row[2:-1]) for row in parsed}
    stored = table(bronze).where("date_utc BETWEEN DATE'2024-06-29' AND DATE'2024-07-02'")
    got = {tuple(row) for row in stored.select(*BRONZE_COLUMNS[:-1]).collect()}
    assert len(got) == 3 * 24 * 4
    assert got == expected


def test_the_spool_folder_is_removed_after_success_failure_and_sigterm(bronze, api_url, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SPARK_LOCAL_DIRS", str(tmp_path))
    folders = []
    real_write = Spool.write

    def write_and_remember(self, rows):
        real_write(self, rows)
        folders.append(self.dir)
        if rows and rows[0][2].isoformat() == "2024-09-01":
            os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(Spool, "write", write_and_remember)
    assert run_job(bronze, api_url, "--start-date", "2024-08-01", "--end-date", "2024-08-02", "--override") == 0
    with sample_server(bad_request=True) as server:
        with pytest.raises(SystemExit) as rejected:
            run_job(bronze, server.url, "--start-date", "2024-08-01", "--end-date", "2024-08-02", "--override")
    with pytest.raises(SystemExit) as stopped:
        run_job(bronze, api_url, "--start-date", "2024-09-01", "--end-date", "2024-09-02", "--override")
    assert (rejected.value.code, stopped.value.code) == (1, 143)
    assert folders and all(folder.parent == tmp_path for folder in folders)
    assert list(tmp_path.iterdir()) == []
