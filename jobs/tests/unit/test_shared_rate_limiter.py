"""One request budget across the processes of a run (the chunks of a --parallel backfill)."""
from __future__ import annotations

import json
import multiprocessing

from jobs.bronze.rate_limiter import REQUEST_BUDGET_ENV, RateLimiter, SharedRateLimiter, limiter_for_run


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_each_window_caps_the_requests_inside_it(tmp_path):
    clock = FakeClock()
    limiter = SharedRateLimiter(tmp_path / "budget.json", min_interval_s=0, windows=((60.0, 3), (3600.0, 5)), clock=clock, sleep=clock.sleep)
    starts = []
    for _ in range(7):
        limiter.wait()
        starts.append(clock.now - 1_000_000.0)
    assert starts[:3] == [0, 0, 0]
    assert starts[3] >= 60  # the minute's three are spent
    assert starts[5] >= 3600  # the hour's five are spent
    assert json.loads((tmp_path / "budget.json").read_text())  # recorded for the other processes


def test_a_second_limiter_on_the_same_file_sees_the_first_ones_requests(tmp_path):
    clock = FakeClock()
    one = SharedRateLimiter(tmp_path / "b.json", min_interval_s=0, windows=((60.0, 2),), clock=clock, sleep=clock.sleep)
    two = SharedRateLimiter(tmp_path / "b.json", min_interval_s=0, windows=((60.0, 2),), clock=clock, sleep=clock.sleep)
    one.wait()
    one.wait()
    two.wait()
    assert clock.now - 1_000_000.0 >= 60


def _spend(path: str, count: int, out) -> None:
    limiter = SharedRateLimiter(path, min_interval_s=0, windows=((1.0, 4),))
    for _ in range(count):
        limiter.wait()
        out.put(limiter.last_start)


def test_parallel_processes_share_one_budget(tmp_path):
    """Three processes of six requests each: in no one-second window are there more than four."""
    queue: multiprocessing.Queue[float] = multiprocessing.Queue()
    path = str(tmp_path / "budget.json")
    processes = [multiprocessing.Process(target=_spend, args=(path, 6, queue)) for _ in range(3)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(30)
    starts = sorted(queue.get(timeout=5) for _ in range(18))
    for i, start in enumerate(starts):
        assert len([t for t in starts[i:] if t - start < 1.0]) <= 4
    assert starts[-1] - starts[0] >= 3.0  # 18 requests at 4 a second take more than 3 s


def test_the_run_budget_is_used_when_the_console_names_one(tmp_path, monkeypatch):
    monkeypatch.setenv(REQUEST_BUDGET_ENV, str(tmp_path / "request-budget.json"))
    assert isinstance(limiter_for_run(0.25), SharedRateLimiter)
    monkeypatch.setenv(REQUEST_BUDGET_ENV, "/nonexistent/folder/budget.json")
    assert isinstance(limiter_for_run(0.25), RateLimiter)
    monkeypatch.delenv(REQUEST_BUDGET_ENV)
    assert isinstance(limiter_for_run(0.25), RateLimiter)
