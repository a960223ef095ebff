"""Gold job on local Spark over 3 days x 3 cities, with a 10-hour PM2.5 spike in Hanoi (an
episode) and a 1-hour spike in Ho Chi Minh City (too short for one)."""
import json

import pytest

from devtools.sample_lakehouse import SAMPLE_DAYS as DAYS
from devtools.sample_lakehouse import build_sample_lakehouse
from jobs.common.lakehouse_tables import (
    DIM_DATE_TABLE,
    DIM_LOCATION_TABLE,
    DIM_POLLUTANT_TABLE,
    DIM_TIME_TABLE,
    FACT_DAILY_TABLE,
    FACT_EPISODE_TABLE,
    FACT_HOURLY_TABLE,
)
from jobs.gold.run_gold_pipeline import main as gold_main


@pytest.fixture(scope="module")
def gold(spark):
    build_sample_lakehouse(spark)
    return spark


def test_dims(gold):
    assert gold.table(DIM_TIME_TABLE).count() == 24
    assert gold.table(DIM_LOCATION_TABLE).count() == 3
    assert gold.table(DIM_POLLUTANT_TABLE).where("pollutant_code = 'pm25'").first().api_variable == "pm2_5"
    dates = gold.table(DIM_DATE_TABLE).orderBy("date_key").collect()
    assert [d.date_key for d in dates] == [20240301, 20240302, 20240303]
    assert dates[1].day_name == "Saturday" and dates[1].is_weekend and dates[1].day_of_week == 6


def test_hourly_fact_has_every_hour_with_aqi_in_range(gold):
    hourly = gold.table(FACT_HOURLY_TABLE)
    assert hourly.count() == 3 * DAYS * 24
    bounds = hourly.selectExpr("min(us_aqi)", "max(us_aqi)", "min(vn_aqi)", "max(vn_aqi)", "count(us_aqi)").first()
    assert 0 <= bounds[0] <= bounds[1] <= 500 and 0 <= bounds[2] <= bounds[3] <= 500
    assert bounds[4] == 3 * DAYS * 24  # every hour has 2 of its 3 most recent hours, even the first ones


def test_spike_drives_the_hourly_aqi_through_pm25(gold):
    spike = gold.table(FACT_HOURLY_TABLE).where("location_key = 'hanoi' AND ts_utc = timestamp'2024-03-02 15:00:00'").first()
    assert spike.dominant_pollutant == "pm25" and spike.us_aqi >= 151
    assert spike.pm25_nowcast < 200.0  # NowCast smooths the jump


def test_completeness_is_computed_from_concentrations(gold):
    hour = gold.table(FACT_HOURLY_TABLE).where("location_key = 'danang' AND ts_utc = timestamp'2024-03-01 10:00:00'").first()
    assert hour.completeness == pytest.approx(5 / 6)


def test_daily_fact_has_one_row_per_city_and_day(gold):
    daily = gold.table(FACT_DAILY_TABLE)
    assert daily.count() == 3 * DAYS
    assert daily.select("location_key", "date_utc").distinct().count() == 3 * DAYS
    for row in daily.collect():
        hours = row.hours_good + row.hours_moderate + row.hours_usg + row.hours_unhealthy + row.hours_very_unhealthy + row.hours_hazardous
        assert hours == row.hours_measured == 24
        assert row.data_completeness == 1.0
        assert 0 <= row.us_aqi <= 500 and 0 <= row.vn_aqi <= 500
    spike_day = daily.where("location_key = 'hanoi' AND date_key = 20240302").first()
    calm_day = daily.where("location_key = 'danang' AND date_key = 20240302").first()
    assert spike_day.us_aqi > calm_day.us_aqi and spike_day.hours_unhealthy > 0


def test_episode_for_the_long_spike_only(gold):
    episodes = gold.table(FACT_EPISODE_TABLE).collect()
    assert [e.location_key for e in episodes] == ["hanoi"]
    episode = episodes[0]
    assert episode.hours >= 10 and episode.peak_us_aqi >= 151 and episode.dominant_pollutant == "pm25"
    assert str(episode.start_ts_utc) == "2024-03-02 06:00:00"
    assert episode.threshold == 151


def test_facts_for_some_locations_keep_the_others(gold, capsys):
    before = {r.location_key: r["count"] for r in gold.table(FACT_HOURLY_TABLE).groupBy("location_key").count().collect()}
    assert gold_main(["--mode", "facts", "--locations", "hanoi", "--episode-threshold", "500"], spark=gold) == 0
    after = {r.location_key: r["count"] for r in gold.table(FACT_HOURLY_TABLE).groupBy("location_key").count().collect()}
    assert after == before
    assert gold.table(FACT_EPISODE_TABLE).count() == 0  # hanoi's episode redone at threshold 500
    out = capsys.readouterr().out.splitlines()
    result = json.loads([line for line in out if line.startswith("BACKFILL_RESULT ")][-1].split(" ", 1)[1])
    assert result["rows_written"] == {FACT_HOURLY_TABLE: DAYS * 24, FACT_DAILY_TABLE: DAYS, FACT_EPISODE_TABLE: 0}
    progress = [json.loads(line.split(" ", 1)[1]) for line in out if line.startswith("BACKFILL_PROGRESS ")]
    assert progress[-1] == {"done": 3, "total": 3, "unit": "tables"}


def test_sigterm_stops_after_the_table_being_written(gold, monkeypatch, capsys):
    import jobs.common.job_main as job_main
    from jobs.common.graceful_stop import GracefulStop

    class AlreadySignalled(GracefulStop):
        def __enter__(self):
            super().__enter__()
            self.requested = True
            return self

    monkeypatch.setattr(job_main, "GracefulStop", AlreadySignalled)
    with pytest.raises(SystemExit) as stopped:
        gold_main(["--mode", "dims"], spark=gold)
    assert stopped.value.code == 143
    captured = capsys.readouterr()
    progress = [json.loads(line.split(" ", 1)[1]) for line in captured.out.splitlines() if line.startswith("BACKFILL_PROGRESS ")]
    assert progress[-1] == {"done": 1, "total": 4, "unit": "tables"}
    assert "BACKFILL_RESULT" not in captured.out
    assert captured.err.strip().splitlines()[-1].startswith("BACKFILL_FAILED stopped on SIGTERM after 1 of 4 tables")
