"""Turns an Open-Meteo air-quality JSON answer into bronze rows (tuples in BRONZE_COLUMNS order)."""
from __future__ import annotations

from datetime import UTC, date, datetime

from jobs.common.lakehouse_tables import BRONZE_VARIABLES


class ResponseFormatError(ValueError):
    """The API answered 200 but the body is not the expected shape."""


def parse_hour(text: str) -> datetime:
    """`2024-01-31T23:00` (the API's format with timezone=UTC) as an aware UTC datetime."""
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M").replace(tzinfo=UTC)
    except (TypeError, ValueError):
        raise ResponseFormatError(f"hourly.time entry {text!r} is not YYYY-MM-DDTHH:MM") from None


def _as_float(value, variable: str, index: int) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ResponseFormatError(f"hourly.{variable}[{index}] is {value!r}, expected a number or null")
    return float(value)


def parse_air_quality(
    payload: dict,
    *,
    location_key: str,
    variables: list[str],
    request_url: str,
    request_start: date,
    request_end: date,
    ingested_at: datetime,
) -> list[tuple]:
    """One row per hour in `hourly.time`; requested variables missing from the answer and
    bronze variables not requested are null."""
    hourly = payload.get("hourly") if isinstance(payload, dict) else None
    if not isinstance(hourly, dict) or not isinstance(hourly.get("time"), list):
        raise ResponseFormatError("answer has no hourly.time list")
    times = hourly["time"]
    series = {}
    for variable in variables:
        values = hourly.get(variable)
        if values is None:
            continue
        if not isinstance(values, list) or len(values) != len(times):
            raise ResponseFormatError(f"hourly.{variable} does not have one value per hourly.time entry")
        series[variable] = values
    api_latitude = payload.get("latitude")
    api_longitude = payload.get("longitude")
    rows = []
    for index, time_text in enumerate(times):
        ts_utc = parse_hour(time_text)
        measurements = [
            _as_float(series[v][index], v, index) if v in series else None for v in BRONZE_VARIABLES
        ]
        rows.append(
            (
                location_key,
                ts_utc,
                ts_utc.date(),
                *measurements,
                float(api_latitude) if api_latitude is not None else None,
                float(api_longitude) if api_longitude is not None else None,
                request_url,
                request_start,
                request_end,
                ingested_at,
            )
        )
    return rows
