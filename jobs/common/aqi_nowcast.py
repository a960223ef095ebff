"""NowCast for PM2.5 and PM10 (EPA; Decision 1459/QĐ-TCMT uses the same weighting for VN_AQI^h).

hourly[0] is the current hour, hourly[1] the hour before, ... up to 12 hours; None marks a
missing hour. The weight factor w = min/max over the available hours, floored at 0.5; the
NowCast is sum(w^i * c_i) / sum(w^i) over available hours i, and exists only when at least
2 of the 3 most recent hours are present.
"""
from __future__ import annotations

from collections.abc import Sequence

NOWCAST_HOURS = 12
WEIGHT_FLOOR = 0.5
RECENT_HOURS = 3
RECENT_REQUIRED = 2


def nowcast_weight(values: Sequence[float]) -> float:
    highest = max(values)
    if highest <= 0:
        return 1.0
    return max(min(values) / highest, WEIGHT_FLOOR)


def nowcast(hourly: Sequence[float | None]) -> float | None:
    window = list(hourly[:NOWCAST_HOURS])
    recent_present = sum(1 for c in window[:RECENT_HOURS] if c is not None)
    if recent_present < RECENT_REQUIRED:
        return None
    present = [(i, c) for i, c in enumerate(window) if c is not None]
    w = nowcast_weight([c for _, c in present])
    numerator = sum(w ** i * c for i, c in present)
    denominator = sum(w ** i for i, _ in present)
    return numerator / denominator
