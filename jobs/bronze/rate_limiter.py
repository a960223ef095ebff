"""Keeps requests inside Open-Meteo's free tier: a minimum gap between requests and a per-minute cap."""
from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable

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


REQUEST_BUDGET_ENV = "BACKFILL_REQUEST_BUDGET"
# Open-Meteo's free tier: 600 requests a minute and 5,000 an hour; stay under both with a margin.
DEFAULT_WINDOWS: tuple[tuple[float, int], ...] = ((60.0, DEFAULT_MAX_PER_MINUTE), (3600.0, 4500))


class SharedRateLimiter:
    """One request budget for every process of a run: the chunks of a `--parallel 8` backfill each run their
    own bronze job, and each would otherwise spend the whole per-minute and per-hour allowance.

    The start times of recent requests live in a small JSON file (the console puts it in the run folder and
    names it in $BACKFILL_REQUEST_BUDGET); a process holds an exclusive lock on `<file>.lock` while it reads,
    decides and records, and sleeps outside the lock. Times are wall-clock, shared between processes."""

    def __init__(
        self,
        path: str | os.PathLike,
        min_interval_s: float = DEFAULT_MIN_REQUEST_INTERVAL_S,
        windows: tuple[tuple[float, int], ...] = DEFAULT_WINDOWS,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.path = os.fspath(path)
        self.min_interval_s = min_interval_s
        self.windows = windows
        self._clock = clock
        self._sleep = sleep
        self._horizon = max(length for length, _ in windows)
        self.last_start: float | None = None  # the time recorded for this process's latest request

    def wait(self) -> None:
        """Blocks until another request may start within every window, then records it."""
        while True:
            delay = self._try_take()
            if delay <= 0:
                return
            self._sleep(min(delay, 1.0))  # look again soon: other processes' requests age out too

    def _try_take(self) -> float:
        import fcntl
        import json

        with open(self.path + ".lock", "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                now = self._clock()
                try:
                    with open(self.path) as f:
                        recent = [t for t in json.load(f) if isinstance(t, (int, float)) and now - t < self._horizon]
                except (OSError, ValueError):
                    recent = []  # first request of the run, or a file cut off: start afresh
                recent.sort()
                delay = (recent[-1] + self.min_interval_s - now) if recent else 0.0
                for length, limit in self.windows:
                    inside = [t for t in recent if now - t < length]
                    if len(inside) >= limit:
                        delay = max(delay, inside[-limit] + length - now)
                if delay > 0:
                    return delay
                recent.append(now)
                tmp = f"{self.path}.{os.getpid()}.tmp"
                with open(tmp, "w") as f:
                    json.dump(recent, f)
                os.replace(tmp, self.path)
                self.last_start = now
                return 0.0
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


def limiter_for_run(min_interval_s: float) -> RateLimiter | SharedRateLimiter:
    """The run's shared budget when the console names one that this process can reach (not, say, a driver
    in YARN cluster mode on another machine), else a budget for this process alone."""
    path = os.environ.get(REQUEST_BUDGET_ENV, "").strip()
    if path and os.path.isdir(os.path.dirname(path) or "."):
        return SharedRateLimiter(path, min_interval_s)
    return RateLimiter(min_interval_s)
