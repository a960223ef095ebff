"""US EPA AQI (TAD EPA-454/B-24-002, May 2024) as pure functions of concentrations.

Concentrations are in the unit of the metric's table (PM µg/m³; O3 and CO ppm; NO2 and SO2 ppb);
`ugm3_to_us_unit` converts Open-Meteo's µg/m³. Above the top of a table the sub-index is held at
500 (the TAD calls it "beyond the AQI"), so every AQI here lies in 0..500.
"""
from __future__ import annotations

import math

from jobs.common.aqi_math import interpolate, max_with_dominant, truncate, ugm3_to_ppb
from jobs.common.aqi_tables import (
    AQI_MAX,
    AQI_POLLUTANTS,
    MOLAR_MASS,
    MOLAR_VOLUME_L,
    US_BREAKPOINTS,
    US_CAPPED_METRICS,
    US_TRUNCATION_DECIMALS,
)

SO2_1H_LIMIT_PPB = 304
SO2_1H_ABOVE_LIMIT_AQI = 200


def _missing(value: float) -> bool:
    return (isinstance(value, float) and math.isnan(value)) or value < 0


def us_sub_index(metric: str, concentration: float | None) -> int | None:
    if concentration is None or _missing(concentration):
        return None
    table = US_BREAKPOINTS[metric]
    c = truncate(concentration, US_TRUNCATION_DECIMALS[metric])
    if c < table[0][0]:
        return None
    for c_lo, c_hi, i_lo, i_hi in table:
        if c <= c_hi:
            return interpolate(c, c_lo, c_hi, i_lo, i_hi)
    return None if metric in US_CAPPED_METRICS else AQI_MAX


def us_o3_sub_index(o3_8h_ppm: float | None, o3_1h_ppm: float | None) -> int | None:
    """The larger of the 8-hour index (defined up to 0.200 ppm) and the 1-hour one (from 0.125 ppm)."""
    candidates = [s for s in (us_sub_index("o3_8h", o3_8h_ppm), us_sub_index("o3_1h", o3_1h_ppm)) if s is not None]
    return max(candidates) if candidates else None


def us_so2_sub_index(so2_1h_ppb: float | None, so2_24h_ppb: float | None) -> int | None:
    """1-hour SO2 defines AQI up to 200; above 304 ppb the 24-hour mean decides (200 if it is below 305)."""
    if so2_1h_ppb is None or _missing(so2_1h_ppb):
        return None
    if truncate(so2_1h_ppb, 0) <= SO2_1H_LIMIT_PPB:
        return us_sub_index("so2_1h", so2_1h_ppb)
    from_24h = us_sub_index("so2_24h", so2_24h_ppb)
    return from_24h if from_24h is not None else SO2_1H_ABOVE_LIMIT_AQI


def ugm3_to_us_unit(pollutant: str, ugm3: float | None) -> float | None:
    """µg/m³ to the unit of the US table: ppm for O3 and CO, ppb for NO2 and SO2, unchanged for PM."""
    if ugm3 is None or pollutant not in MOLAR_MASS:
        return ugm3
    ppb = ugm3_to_ppb(ugm3, MOLAR_MASS[pollutant], MOLAR_VOLUME_L)
    return ppb / 1000.0 if pollutant in ("o3", "co") else ppb


def us_aqi(sub_indices: dict[str, int | None]) -> tuple[int | None, str | None]:
    """(AQI, dominant pollutant code): the maximum sub-index; None when no pollutant has one."""
    return max_with_dominant(sub_indices, AQI_POLLUTANTS)
