"""Dates for backfills: parsing YYYY-MM-DD and cutting an inclusive range into chunks."""
from __future__ import annotations

import argparse
import calendar
from datetime import date, timedelta


class DateRangeError(ValueError):
    """A date that is not a real YYYY-MM-DD date, or an end before a start."""


def parse_date(text: str, name: str = "date") -> date:
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise DateRangeError(f"{name} {text!r} is not a real date; use YYYY-MM-DD") from None


def validate_range(start: date, end: date) -> None:
    if end < start:
        raise DateRangeError(f"end date {end.isoformat()} is before start date {start.isoformat()}")


def parse_range(start_text: str, end_text: str) -> tuple[date, date]:
    start = parse_date(start_text, "start date")
    end = parse_date(end_text, "end date")
    validate_range(start, end)
    return start, end


def parse_range_option(parser: argparse.ArgumentParser, start_text: str, end_text: str, label: str | None = None) -> tuple[date, date]:
    """A job's date-range options: a bad range is the parser's error (exit 2), after `label` when given."""
    try:
        return parse_range(start_text, end_text)
    except DateRangeError as exc:
        parser.error(f"{label}: {exc}" if label else str(exc))


def optional_range_option(parser: argparse.ArgumentParser, start_text: str | None, end_text: str | None, label: str) -> tuple[date, date] | None:
    """An optional pair of date options: None when neither is given, else both must make a range."""
    if not (start_text or end_text):
        return None
    return parse_range_option(parser, start_text or "", end_text or "", label)


def days_in_range(start: date, end: date) -> int:
    return (end - start).days + 1


def month_chunks(start: date, end: date) -> list[tuple[date, date]]:
    """Calendar months overlapping [start, end], the first and last cut at the range's ends."""
    validate_range(start, end)
    chunks = []
    chunk_start = start
    while chunk_start <= end:
        month_end = chunk_start.replace(day=calendar.monthrange(chunk_start.year, chunk_start.month)[1])
        chunk_end = min(month_end, end)
        chunks.append((chunk_start, chunk_end))
        chunk_start = chunk_end + timedelta(days=1)
    return chunks


def day_chunks(start: date, end: date, days: int) -> list[tuple[date, date]]:
    """Consecutive chunks of `days` days from start; the last one cut at end."""
    if days < 1:
        raise DateRangeError(f"chunk size must be at least 1 day, got {days}")
    validate_range(start, end)
    chunks = []
    chunk_start = start
    while chunk_start <= end:
        chunk_end = min(chunk_start + timedelta(days=days - 1), end)
        chunks.append((chunk_start, chunk_end))
        chunk_start = chunk_end + timedelta(days=1)
    return chunks


def week_chunks(start: date, end: date) -> list[tuple[date, date]]:
    """ISO weeks (Monday to Sunday) overlapping [start, end], cut at the range's ends."""
    validate_range(start, end)
    chunks = []
    chunk_start = start
    while chunk_start <= end:
        sunday = chunk_start + timedelta(days=6 - chunk_start.weekday())
        chunk_end = min(sunday, end)
        chunks.append((chunk_start, chunk_end))
        chunk_start = chunk_end + timedelta(days=1)
    return chunks
