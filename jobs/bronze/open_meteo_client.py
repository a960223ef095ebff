"""Plain-urllib client for the Open-Meteo air-quality API with bounded retries and rate limiting."""
from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from jobs.bronze.rate_limiter import RateLimiter, SharedRateLimiter

API_URL_ENV = "AIR_QUALITY_API_URL"
DEFAULT_API_URL = "https://air-quality-api.open-meteo.com/v1/air-quality"
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})


def resolve_api_url(cli_value: str | None) -> str:
    return cli_value or os.environ.get(API_URL_ENV) or DEFAULT_API_URL


class ApiRequestError(RuntimeError):
    """A request that failed for good: rejected by the API (4xx) or still failing after the retries."""

    def __init__(self, message: str, *, url: str, status: int | None = None, reason: str | None = None):
        super().__init__(message)
        self.url = url
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 6
    backoff_base_s: float = 1.0
    backoff_max_s: float = 30.0
    # Cap on the total time spent sleeping between attempts of one request.
    total_wait_cap_s: float = 120.0

    def backoff(self, retry_number: int) -> float:
        return min(self.backoff_max_s, self.backoff_base_s * (2 ** (retry_number - 1)))


def build_url(api_url: str, latitude: float, longitude: float, variables: list[str], start: date, end: date) -> str:
    query = urllib.parse.urlencode(
        {
            "latitude": repr(float(latitude)),
            "longitude": repr(float(longitude)),
            "hourly": ",".join(variables),
            "start_date": start.isoformat(),
            "end_date": end.isoformat(),
            "timezone": "UTC",
        },
        safe=",",
    )
    return f"{api_url}?{query}"


def _retry_after_seconds(headers) -> float | None:
    value = headers.get("Retry-After") if headers is not None else None
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP-date; fall back to our own backoff


def _api_reason(body: bytes) -> str | None:
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if isinstance(payload, dict) and payload.get("reason"):
        return str(payload["reason"])
    return None


class OpenMeteoClient:
    def __init__(
        self,
        api_url: str,
        rate_limiter: RateLimiter | SharedRateLimiter | None = None,
        retry_policy: RetryPolicy | None = None,
        timeout_s: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.api_url = api_url
        self.rate_limiter = rate_limiter or RateLimiter()
        self.retry_policy = retry_policy or RetryPolicy()
        self.timeout_s = timeout_s
        self._sleep = sleep
        self.retries = 0  # total retries over the client's life, for the run's result line

    def get_json(self, url: str) -> dict:
        """GET url and decode the JSON answer, retrying 429/5xx/connection errors within the policy."""
        policy = self.retry_policy
        waited = 0.0
        for attempt in range(1, policy.max_attempts + 1):
            self.rate_limiter.wait()
            retry_after = None
            try:
                with urllib.request.urlopen(url, timeout=self.timeout_s) as response:
                    body = response.read()
                try:
                    return json.loads(body.decode("utf-8"))
                except (UnicodeDecodeError, ValueError):
                    raise ApiRequestError(f"API answered 200 with a body that is not JSON: {url}", url=url) from None
            except urllib.error.HTTPError as exc:
                body = exc.read() if exc.fp is not None else b""
                reason = _api_reason(body)
                if exc.code not in RETRYABLE_STATUSES:
                    detail = reason or exc.reason
                    raise ApiRequestError(
                        f"API rejected the request (HTTP {exc.code}): {detail} [{url}]",
                        url=url,
                        status=exc.code,
                        reason=reason,
                    ) from None
                last_problem = f"HTTP {exc.code}" + (f": {reason}" if reason else "")
                retry_after = _retry_after_seconds(exc.headers)
            except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
                last_problem = f"connection error: {getattr(exc, 'reason', exc)}"
            if attempt == policy.max_attempts:
                break
            delay = retry_after if retry_after is not None else policy.backoff(attempt)
            if waited + delay > policy.total_wait_cap_s:
                raise ApiRequestError(
                    f"giving up after {attempt} attempts ({last_problem}); waiting {delay:g}s more would pass "
                    f"the {policy.total_wait_cap_s:g}s retry budget [{url}]",
                    url=url,
                )
            self.retries += 1
            waited += delay
            self._sleep(delay)
        raise ApiRequestError(f"giving up after {policy.max_attempts} attempts ({last_problem}) [{url}]", url=url)
