import statistics
import subprocess
import sys
import urllib.request
from datetime import UTC, date, datetime
from pathlib import Path

from devtools.sample_api.generator import PROFILES, hourly_series, nearest_profile, value
from devtools.sample_api.testing import get, sample_server

PROJECT_ROOT = Path(__file__).resolve().parents[3]
HANOI = "latitude=21.0285&longitude=105.8542"
DANANG = "latitude=16.0544&longitude=108.2022"


def query(coords: str, start: str, end: str, hourly: str = "pm2_5,ozone") -> str:
    return f"?{coords}&hourly={hourly}&start_date={start}&end_date={end}&timezone=UTC"


def test_answers_in_open_meteo_shape_and_deterministically():
    with sample_server() as server:
        status, body, _ = get(server.url + query(HANOI, "2024-02-28", "2024-03-01"))
        _, again, _ = get(server.url + query(HANOI, "2024-02-28", "2024-03-01"))
        _, one_day, _ = get(server.url + query(HANOI, "2024-02-29", "2024-02-29"))
    assert status == 200
    assert {"latitude", "longitude", "generationtime_ms", "utc_offset_seconds", "timezone", "hourly_units"} <= set(body)
    hourly = body["hourly"]
    assert len(hourly["time"]) == 72 and hourly["time"][0] == "2024-02-28T00:00" and hourly["time"][-1] == "2024-03-01T23:00"
    assert len(hourly["pm2_5"]) == len(hourly["ozone"]) == 72
    assert body["hourly_units"]["pm2_5"] == "μg/m³"
    assert hourly == again["hourly"]
    # an hour's value does not depend on the range it was asked in
    assert one_day["hourly"]["pm2_5"] == hourly["pm2_5"][24:48]


def test_locations_differ_and_are_matched_by_nearest_coordinates():
    assert nearest_profile(21.03, 105.85).key == "hanoi"
    assert nearest_profile(10.8, 106.6).key == "hcmc"
    assert nearest_profile(16.05, 108.2).key == "danang"
    with sample_server() as server:
        _, hanoi, _ = get(server.url + query(HANOI, "2024-01-01", "2024-01-02"))
        _, danang, _ = get(server.url + query(DANANG, "2024-01-01", "2024-01-02"))
    assert hanoi["hourly"]["pm2_5"] != danang["hourly"]["pm2_5"]


def daily_means(series: list) -> list[float]:
    days = [series[i : i + 24] for i in range(0, len(series), 24)]
    return [statistics.mean(v for v in day if v is not None) for day in days]


def test_hanoi_has_winter_haze_with_some_very_unhealthy_days_and_cleaner_summers():
    hanoi, hcmc, danang = (next(p for p in PROFILES if p.key == k) for k in ("hanoi", "hcmc", "danang"))
    winter = daily_means(hourly_series(hanoi, ["pm2_5"], date(2024, 1, 1), date(2024, 1, 31))["pm2_5"])
    summer = daily_means(hourly_series(hanoi, ["pm2_5"], date(2024, 7, 1), date(2024, 7, 31))["pm2_5"])
    assert 50 <= statistics.median(winter) <= 150
    assert any(day > 55.4 for day in winter)  # 24-hour PM2.5 above 55.4 µg/m³ is US AQI > 150
    assert statistics.mean(summer) < statistics.mean(winter) / 2
    for cleaner in (hcmc, danang):
        their_winter = daily_means(hourly_series(cleaner, ["pm2_5"], date(2024, 1, 1), date(2024, 1, 31))["pm2_5"])
        assert statistics.mean(their_winter) < statistics.mean(winter)


def test_diurnal_cycles_rush_hour_no2_afternoon_ozone_and_no_uv_at_night():
    hanoi = next(p for p in PROFILES if p.key == "hanoi")
    series = hourly_series(hanoi, ["nitrogen_dioxide", "ozone", "uv_index"], date(2024, 3, 1), date(2024, 3, 28))

    def mean_at_local_hour(variable: str, local_hour: int) -> float:
        utc_hour = (local_hour - 7) % 24
        return statistics.mean(v for i, v in enumerate(series[variable]) if i % 24 == utc_hour and v is not None)

    assert mean_at_local_hour("nitrogen_dioxide", 8) > mean_at_local_hour("nitrogen_dioxide", 3)
    assert mean_at_local_hour("ozone", 14) > 1.5 * mean_at_local_hour("ozone", 4)
    assert mean_at_local_hour("uv_index", 0) == 0 and mean_at_local_hour("uv_index", 12) > 5


def test_about_one_percent_of_values_are_null():
    hanoi = next(p for p in PROFILES if p.key == "hanoi")
    start = datetime(2024, 1, 1, tzinfo=UTC)
    values = [value(hanoi, "pm10", start.replace(month=m, day=d, hour=h)) for m in range(1, 13) for d in range(1, 29) for h in range(24)]
    share = sum(v is None for v in values) / len(values)
    assert 0.004 < share < 0.02


def test_bad_dates_and_variables_answer_400_with_a_reason():
    with sample_server() as server:
        for bad in [
            query(HANOI, "2024-02-30", "2024-03-01"),
            query(HANOI, "2024-03-02", "2024-03-01"),
            query(HANOI, "2024-03-01", "2024-03-01", hourly="pm2_5,radon"),
            "?latitude=95&longitude=1&hourly=pm2_5&start_date=2024-01-01&end_date=2024-01-01",
        ]:
            status, body, _ = get(server.url + bad)
            assert status == 400, bad
            assert body["error"] is True and body["reason"]


def test_fail_first_then_ok():
    with sample_server(fail_first=2) as server:
        statuses = [get(server.url + query(HANOI, "2024-01-01", "2024-01-01"))[0] for _ in range(3)]
    assert statuses == [500, 500, 200]


def test_failure_rates_are_deterministic_and_429_carries_retry_after():
    with sample_server(fail_rate_429=0.5, retry_after_s=3) as server:
        answers = [get(server.url + query(HANOI, "2024-01-01", "2024-01-01")) for _ in range(4)]
    assert [a[0] for a in answers] == [200, 429, 200, 429]
    assert answers[1][2]["Retry-After"] == "3"
    with sample_server(fail_rate_500=1 / 3) as server:
        statuses = [get(server.url + query(HANOI, "2024-01-01", "2024-01-01"))[0] for _ in range(6)]
    assert statuses == [200, 200, 500, 200, 200, 500]


def test_bad_request_switch_always_answers_400():
    with sample_server(bad_request=True) as server:
        status, body, _ = get(server.url + query(HANOI, "2024-01-01", "2024-01-01"))
    assert status == 400 and body == {"error": True, "reason": "Sample server started with --bad-request"}


def test_port_zero_prints_the_url_writes_the_port_file_and_stops_on_sigterm(tmp_path):
    port_file = tmp_path / "url"
    process = subprocess.Popen(
        [sys.executable, "-m", "devtools.sample_api.server", "--port", "0", "--port-file", str(port_file)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        assert line.startswith("LISTENING http://127.0.0.1:") and line.endswith("/v1/air-quality")
        url = line.split(" ", 1)[1]
        assert port_file.read_text().strip() == url
        query = "?latitude=21&longitude=105.8&hourly=pm10&start_date=2024-01-01&end_date=2024-01-01&timezone=UTC"
        with urllib.request.urlopen(url + query, timeout=10) as response:
            assert response.status == 200
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0
