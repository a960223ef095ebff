from datetime import UTC, date, datetime
from typing import Any

import pytest

from devtools.sample_api.testing import sample_server
from jobs.bronze.open_meteo_client import (
    DEFAULT_API_URL,
    ApiRequestError,
    OpenMeteoClient,
    RetryPolicy,
    build_url,
    resolve_api_url,
)
from jobs.bronze.rate_limiter import RateLimiter, min_request_interval_from_env
from jobs.bronze.response_parser import ResponseFormatError, parse_air_quality
from jobs.common.lakehouse_tables import BRONZE_COLUMNS

INGESTED = datetime(2024, 6, 1, tzinfo=UTC)
FAST_RETRIES = RetryPolicy(max_attempts=4, backoff_base_s=0.001, backoff_max_s=0.01, total_wait_cap_s=5)


def client_for(url: str, policy: RetryPolicy = FAST_RETRIES, sleeps: list | None = None) -> OpenMeteoClient:
    sleep = sleeps.append if sleeps is not None else (lambda _s: None)
    return OpenMeteoClient(url, RateLimiter(0), policy, timeout_s=10, sleep=sleep)


def hanoi_url(base: str, start=date(2024, 1, 31), end=date(2024, 2, 1)) -> str:
    return build_url(base, 21.0285, 105.8542, ["pm2_5", "ozone"], start, end)


def test_build_url_has_the_open_meteo_parameters():
    assert hanoi_url("http://x/v1/air-quality") == (
        "http://x/v1/air-quality?latitude=21.0285&longitude=105.8542&hourly=pm2_5,ozone"
        "&start_date=2024-01-31&end_date=2024-02-01&timezone=UTC"
    )


def test_api_url_comes_from_flag_then_env_then_default(monkeypatch):
    monkeypatch.setenv("AIR_QUALITY_API_URL", "http://env/v1/air-quality")
    assert resolve_api_url("http://flag") == "http://flag"
    assert resolve_api_url(None) == "http://env/v1/air-quality"
    monkeypatch.delenv("AIR_QUALITY_API_URL")
    assert resolve_api_url(None) == DEFAULT_API_URL


def test_parse_rows_keeps_nulls_and_fills_unrequested_variables_with_null():
    payload = {
        "latitude": 21.0,
        "longitude": 105.8,
        "hourly": {"time": ["2024-01-31T23:00", "2024-02-01T00:00"], "pm2_5": [80.5, None], "ozone": [3, 40.1]},
    }
    rows = parse_air_quality(
        payload,
        location_key="hanoi",
        variables=["pm2_5", "ozone"],
        request_url="u",
        request_start=date(2024, 1, 31),
        request_end=date(2024, 2, 1),
        ingested_at=INGESTED,
    )
    first, second = (dict(zip(BRONZE_COLUMNS, row, strict=True)) for row in rows)
    assert first["ts_utc"] == datetime(2024, 1, 31, 23, tzinfo=UTC)
    assert first["date_utc"] == date(2024, 1, 31) and second["date_utc"] == date(2024, 2, 1)
    assert first["pm2_5"] == 80.5 and second["pm2_5"] is None and first["ozone"] == 3.0
    assert first["pm10"] is None and first["carbon_dioxide"] is None
    assert first["api_latitude"] == 21.0 and first["request_url"] == "u" and first["_ingested_at"] == INGESTED


def test_parse_rejects_malformed_answers():
    base: dict[str, Any] = dict(location_key="x", variables=["pm2_5"], request_url="u", request_start=date(2024, 1, 1),
                request_end=date(2024, 1, 1), ingested_at=INGESTED)
    with pytest.raises(ResponseFormatError):
        parse_air_quality({"hourly": {}}, **base)
    with pytest.raises(ResponseFormatError, match="one value per"):
        parse_air_quality({"hourly": {"time": ["2024-01-01T00:00"], "pm2_5": []}}, **base)
    with pytest.raises(ResponseFormatError, match="expected a number"):
        parse_air_quality({"hourly": {"time": ["2024-01-01T00:00"], "pm2_5": ["high"]}}, **base)


def test_fetches_and_parses_from_the_sample_server():
    with sample_server() as server:
        client = client_for(server.url)
        url = hanoi_url(server.url)
        payload = client.get_json(url)
    rows = parse_air_quality(payload, location_key="hanoi", variables=["pm2_5", "ozone"], request_url=url,
                             request_start=date(2024, 1, 31), request_end=date(2024, 2, 1), ingested_at=INGESTED)
    assert len(rows) == 48 and client.retries == 0


def test_retries_500s_then_succeeds():
    sleeps: list = []
    with sample_server(fail_first=2) as server:
        client = client_for(server.url, sleeps=sleeps)
        payload = client.get_json(hanoi_url(server.url))
        assert server.request_count == 3
    assert len(payload["hourly"]["time"]) == 48
    assert client.retries == 2
    assert sleeps == [0.001, 0.002]  # exponential backoff


def test_429_waits_for_retry_after():
    sleeps: list = []
    with sample_server(fail_rate_429=1.0, retry_after_s=7) as server:
        client = client_for(server.url, RetryPolicy(max_attempts=3, total_wait_cap_s=100), sleeps=sleeps)
        with pytest.raises(ApiRequestError, match="giving up after 3 attempts.*429"):
            client.get_json(hanoi_url(server.url))
    assert sleeps == [7, 7]


def test_total_wait_is_capped():
    sleeps: list = []
    with sample_server(fail_rate_429=1.0, retry_after_s=30) as server:
        client = client_for(server.url, RetryPolicy(max_attempts=10, total_wait_cap_s=45), sleeps=sleeps)
        with pytest.raises(ApiRequestError, match="retry budget"):
            client.get_json(hanoi_url(server.url))
    assert sum(sleeps) <= 45


def test_400_fails_at_once_with_the_api_reason():
    with sample_server(bad_request=True) as server:
        client = client_for(server.url)
        with pytest.raises(ApiRequestError, match="HTTP 400.*--bad-request") as caught:
            client.get_json(hanoi_url(server.url))
        assert server.request_count == 1
    assert caught.value.status == 400 and caught.value.reason == "Sample server started with --bad-request"


def test_real_bad_dates_are_rejected_with_the_reason():
    with sample_server() as server:
        with pytest.raises(ApiRequestError, match="End-date must be larger"):
            client_for(server.url).get_json(hanoi_url(server.url, date(2024, 2, 2), date(2024, 2, 1)))


def test_connection_refused_is_retried_then_reported():
    with sample_server() as server:
        dead_url = server.url
    client = client_for(dead_url)
    with pytest.raises(ApiRequestError, match="connection error"):
        client.get_json(hanoi_url(dead_url))
    assert client.retries == FAST_RETRIES.max_attempts - 1


class FakeClock:
    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def sleep(self, seconds):
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


def test_rate_limiter_spaces_requests_by_the_minimum_interval():
    clock = FakeClock()
    limiter = RateLimiter(0.25, clock=lambda: clock.now, sleep=clock.sleep)
    for _ in range(3):
        limiter.wait()
    assert clock.sleeps == [0.25, 0.25]


def test_rate_limiter_caps_requests_per_minute():
    clock = FakeClock()
    limiter = RateLimiter(0, max_per_minute=3, clock=lambda: clock.now, sleep=clock.sleep)
    for _ in range(4):
        limiter.wait()
    assert clock.sleeps == [60.0]


def test_min_request_interval_from_env(monkeypatch):
    monkeypatch.delenv("AIR_QUALITY_MIN_REQUEST_INTERVAL", raising=False)
    assert min_request_interval_from_env() == 0.25
    monkeypatch.setenv("AIR_QUALITY_MIN_REQUEST_INTERVAL", "0")
    assert min_request_interval_from_env() == 0.0
    monkeypatch.setenv("AIR_QUALITY_MIN_REQUEST_INTERVAL", "fast")
    with pytest.raises(ValueError, match="AIR_QUALITY_MIN_REQUEST_INTERVAL"):
        min_request_interval_from_env()
