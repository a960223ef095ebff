import argparse
from datetime import date

import pytest

from jobs.common.dates import (
    DateRangeError,
    day_chunks,
    days_in_range,
    month_chunks,
    optional_range_option,
    parse_date,
    parse_range,
    parse_range_option,
    week_chunks,
)


def test_parse_date_accepts_iso_and_rejects_unreal_dates():
    assert parse_date("2024-02-29") == date(2024, 2, 29)
    for bad in ["2023-02-29", "2024-13-01", "2024-1-5", "20240105", "", "yesterday"]:
        with pytest.raises(DateRangeError, match="not a real date"):
            parse_date(bad)


def test_parse_range_rejects_end_before_start():
    assert parse_range("2024-01-01", "2024-01-01") == (date(2024, 1, 1), date(2024, 1, 1))
    with pytest.raises(DateRangeError, match="before start date"):
        parse_range("2024-01-02", "2024-01-01")


def test_month_chunks_cut_at_the_range_ends():
    assert month_chunks(date(2024, 1, 15), date(2024, 3, 10)) == [
        (date(2024, 1, 15), date(2024, 1, 31)),
        (date(2024, 2, 1), date(2024, 2, 29)),
        (date(2024, 3, 1), date(2024, 3, 10)),
    ]


def test_month_chunks_know_february_in_leap_and_common_years():
    assert month_chunks(date(2023, 2, 1), date(2023, 3, 1)) == [
        (date(2023, 2, 1), date(2023, 2, 28)),
        (date(2023, 3, 1), date(2023, 3, 1)),
    ]
    assert month_chunks(date(2000, 2, 28), date(2000, 2, 29)) == [(date(2000, 2, 28), date(2000, 2, 29))]


def test_month_chunks_single_day_within_a_month_and_across_a_year():
    assert month_chunks(date(2024, 5, 7), date(2024, 5, 7)) == [(date(2024, 5, 7), date(2024, 5, 7))]
    assert month_chunks(date(2024, 5, 2), date(2024, 5, 30)) == [(date(2024, 5, 2), date(2024, 5, 30))]
    chunks = month_chunks(date(2023, 12, 31), date(2024, 1, 1))
    assert chunks == [(date(2023, 12, 31), date(2023, 12, 31)), (date(2024, 1, 1), date(2024, 1, 1))]


def test_month_chunks_cover_a_year_without_gaps():
    chunks = month_chunks(date(2024, 1, 1), date(2024, 12, 31))
    assert len(chunks) == 12
    assert sum(days_in_range(s, e) for s, e in chunks) == 366
    for (_, previous_end), (next_start, _) in zip(chunks, chunks[1:], strict=False):
        assert (next_start - previous_end).days == 1


def test_week_chunks_run_monday_to_sunday():
    # 2024-01-03 is a Wednesday
    assert week_chunks(date(2024, 1, 3), date(2024, 1, 16)) == [
        (date(2024, 1, 3), date(2024, 1, 7)),
        (date(2024, 1, 8), date(2024, 1, 14)),
        (date(2024, 1, 15), date(2024, 1, 16)),
    ]


def test_day_chunks_of_n_days_with_a_short_last_chunk():
    assert day_chunks(date(2024, 2, 27), date(2024, 3, 3), 3) == [
        (date(2024, 2, 27), date(2024, 2, 29)),
        (date(2024, 3, 1), date(2024, 3, 3)),
    ]
    assert day_chunks(date(2024, 2, 27), date(2024, 2, 27), 10) == [(date(2024, 2, 27), date(2024, 2, 27))]
    with pytest.raises(DateRangeError):
        day_chunks(date(2024, 1, 1), date(2024, 1, 2), 0)


def test_range_options_parse_or_end_as_the_parsers_error(capsys):
    parser = argparse.ArgumentParser(prog="job")
    assert optional_range_option(parser, None, None, "--from/--to") is None
    assert optional_range_option(parser, "2024-02-28", "2024-03-01", "--from/--to") == (date(2024, 2, 28), date(2024, 3, 1))
    with pytest.raises(SystemExit) as exited:
        optional_range_option(parser, "2024-03-01", None, "--from/--to")
    assert exited.value.code == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == "job: error: --from/--to: end date '' is not a real date; use YYYY-MM-DD"
    with pytest.raises(SystemExit):
        parse_range_option(parser, "2024-03-02", "2024-03-01")
    assert capsys.readouterr().err.strip().splitlines()[-1] == "job: error: end date 2024-03-01 is before start date 2024-03-02"
