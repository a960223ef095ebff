"""Vietnam AQI (VN_AQI, Decision 1459/QĐ-TCMT, 2019) as pure functions of µg/m³ concentrations.

Hourly VN_AQI^h: PM2.5 and PM10 NowCast, O3/CO/SO2/NO2 1-hour means. Daily VN_AQI^d: PM 24-hour
means, O3 the larger of the day's highest 1-hour and highest 8-hour index, CO/SO2/NO2 the day's
highest 1-hour mean. The AQI is the maximum sub-index and needs at least one of PM2.5 and PM10.
"""
from __future__ import annotations

import math

from jobs.common.aqi_math import interpolate, max_with_dominant
from jobs.common.aqi_tables import AQI_MAX, AQI_POLLUTANTS, VN_BREAKPOINTS, VN_CAPPED_METRICS, VN_INDEX_LEVELS

# VN metric of each AQI pollutant for the hourly index.
VN_HOURLY_METRIC: dict[str, str] = {
    "pm25": "pm25", "pm10": "pm10", "o3": "o3_1h", "no2": "no2_1h", "so2": "so2_1h", "co": "co_1h",
}


def vn_sub_index(metric: str, concentration: float | None) -> int | None:
    if concentration is None or math.isnan(concentration) or concentration < 0:
        return None
    points = VN_BREAKPOINTS[metric]
    for i in range(len(points) - 1):
        if concentration <= points[i + 1]:
            return interpolate(concentration, points[i], points[i + 1], VN_INDEX_LEVELS[i], VN_INDEX_LEVELS[i + 1])
    return None if metric in VN_CAPPED_METRICS else AQI_MAX


def vn_o3_sub_index(o3_1h: float | None, o3_8h: float | None) -> int | None:
    candidates = [s for s in (vn_sub_index("o3_1h", o3_1h), vn_sub_index("o3_8h", o3_8h)) if s is not None]
    return max(candidates) if candidates else None


def vn_aqi(sub_indices: dict[str, int | None]) -> tuple[int | None, str | None]:
    """(AQI, dominant pollutant code); None without a PM2.5 or PM10 sub-index."""
    if sub_indices.get("pm25") is None and sub_indices.get("pm10") is None:
        return None, None
    return max_with_dominant(sub_indices, AQI_POLLUTANTS)
