"""Keeps requests inside Open-Meteo's free tier: a minimum gap between requests and a per-minute cap."""
from __future__ import annotations

import os
import time
from collections import deque
from typing import Callable

MIN_REQUEST_INTERVAL_ENV = "AIR_QUALITY_MIN_REQUEST_INTERVAL"
DEFAULT_MIN_REQUEST_INTERVAL_S = 0.25  # at most 4 requests a second
DEFAULT_MAX_PER_MINUTE = 500  # the free tier allows 600


def min_request_interval_from_env(default: float = DEFAULT_MIN_REQUEST_INTERVAL_S) -> float:
    text = os.environ.get(MIN_REQUEST_INTERVAL_ENV, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{MIN_REQUEST_INTERVAL_ENV}={text!r} is not a number of seconds") from None
    if value < 0:
        raise ValueError(f"{MIN_REQUEST_INTERVAL_ENV} must not be negative, got {value}")
    return value


class RateLimiter:
    def __init__(
        self,
        min_interval_s: float = DEFAULT_MIN_REQUEST_INTERVAL_S,
        max_per_minute: int = DEFAULT_MAX_PER_MINUTE,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.min_interval_s = min_interval_s
        self.max_per_minute = max_per_minute
        self._clock = clock
        self._sleep = sleep
        # Start times of the requests in the last minute; never longer than max_per_minute.
        self._recent: deque[float] = deque(maxlen=max_per_minute)

    def wait(self) -> None:
        """Blocks until another request may start, then records it."""
        now = self._clock()
        delay = 0.0
        if self._recent:
            delay = max(delay, self._recent[-1] + self.min_interval_s - now)
        if len(self._recent) == self.max_per_minute:
            delay = max(delay, self._recent[0] + 60.0 - now)
        if delay > 0:
            self._sleep(delay)
            now = self._clock()
        self._recent.append(now)
