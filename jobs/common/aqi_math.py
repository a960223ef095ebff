"""Arithmetic shared by both AQI standards: truncation, half-up rounding, interpolation."""
from __future__ import annotations

import math

# Guards truncation against binary fractions such as 0.29 * 100 = 28.999999999999996.
TRUNCATION_EPSILON = 1e-9


def truncate(value: float, decimals: int) -> float:
    scale = 10 ** decimals
    return math.floor(value * scale + TRUNCATION_EPSILON) / scale


def round_half_up(value: float) -> int:
    """Python's round() is banker's rounding; the standards round .5 up."""
    return int(math.floor(value + 0.5))


def interpolate(c: float, c_lo: float, c_hi: float, i_lo: float, i_hi: float) -> int:
    return round_half_up((i_hi - i_lo) / (c_hi - c_lo) * (c - c_lo) + i_lo)


def ugm3_to_ppb(ugm3: float, molar_mass: float, molar_volume: float = 24.45) -> float:
    return ugm3 * molar_volume / molar_mass


def max_with_dominant(sub_indices: dict[str, int | None], order: tuple[str, ...]) -> tuple[int | None, str | None]:
    """The AQI is the largest sub-index; ties go to the earlier pollutant in `order`."""
    best: int | None = None
    dominant: str | None = None
    for pollutant in order:
        value = sub_indices.get(pollutant)
        if value is not None and (best is None or value > best):
            best, dominant = value, pollutant
    return best, dominant


def category_of(aqi: int | None, categories: tuple[tuple[str, int], ...]) -> str | None:
    if aqi is None:
        return None
    name = categories[0][0]
    for candidate, lowest in categories:
        if aqi >= lowest:
            name = candidate
    return name
