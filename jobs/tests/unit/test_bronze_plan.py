"""The bronze job's argument handling and request plan, without Spark."""
from datetime import date

import pytest

from jobs.bronze.run_bronze_pipeline import BadInput, parse_args, plan_requests, resolve_range
from jobs.common.config import load_locations


def test_daily_mode_loads_yesterday():
    assert resolve_range(parse_args(["--mode", "daily"]), date(2024, 3, 1)) == (date(2024, 2, 29), date(2024, 2, 29))


def test_backfill_needs_both_dates():
    with pytest.raises(BadInput):
        resolve_range(parse_args(["--mode", "backfill", "--end-date", "2024-01-01"]), date(2024, 3, 1))


def test_one_request_per_location_and_calendar_month():
    requests = plan_requests(load_locations(), date(2024, 1, 20), date(2024, 3, 5))
    assert len(requests) == 3 * 3
    hanoi = [(s, e) for loc, s, e in requests if loc.location_key == "hanoi"]
    assert hanoi == [
        (date(2024, 1, 20), date(2024, 1, 31)),
        (date(2024, 2, 1), date(2024, 2, 29)),
        (date(2024, 3, 1), date(2024, 3, 5)),
    ]


def test_sigterm_stops_a_fetch_at_once_but_waits_for_a_write():
    from jobs.bronze.run_bronze_pipeline import STOPPED_BEFORE_WRITING
    from jobs.common.graceful_stop import GracefulStop, StopRequested

    stop = GracefulStop()
    stop.at_once_reason = STOPPED_BEFORE_WRITING
    with pytest.raises(StopRequested, match="before writing; the table is untouched"):
        stop._on_signal(15, None)
    stop.requested = False
    with pytest.raises(RuntimeError), stop.deferred():
        stop._on_signal(15, None)  # no exception: the write in progress finishes
        raise RuntimeError("the write failed")
    assert stop.requested
    assert stop.at_once_reason == STOPPED_BEFORE_WRITING  # after a failed write, at once again


def test_after_a_committed_write_sigterm_is_only_noted():
    # Between bronze's commit and its exit (the spool cleaned, Spark stopped) the table is written: a SIGTERM
    # there must not stop it with "the table is untouched"; the job ends with its after-commit reason instead.
    from jobs.bronze.run_bronze_pipeline import STOPPED_BEFORE_WRITING
    from jobs.common.graceful_stop import GracefulStop

    stop = GracefulStop()
    stop.at_once_reason = STOPPED_BEFORE_WRITING
    with stop.deferred():
        pass  # the commit
    stop._on_signal(15, None)  # no exception
    assert stop.requested
    assert stop.at_once_reason is None
