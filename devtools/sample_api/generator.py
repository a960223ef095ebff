"""Deterministic, believable hourly air quality for the sample API: each value is a pure function of
(location profile, variable, hour), so every request for the same hour answers the same number.

Shape: a seasonal level (Hanoi's winter haze, a milder HCMC, a cleaner Da Nang), a smooth day-to-day
weather factor, a diurnal cycle in local time (rush-hour peaks for traffic pollutants, afternoon ozone,
daytime UV) and small hourly noise; about 1% of values are null."""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from statistics import NormalDist

UNITS = {
    "pm10": "μg/m³",
    "pm2_5": "μg/m³",
    "carbon_monoxide": "μg/m³",
    "nitrogen_dioxide": "μg/m³",
    "sulphur_dioxide": "μg/m³",
    "ozone": "μg/m³",
    "aerosol_optical_depth": "",
    "dust": "μg/m³",
    "uv_index": "",
    "carbon_dioxide": "ppm",
}
NULL_SHARE = 0.01
_STANDARD_NORMAL = NormalDist()


@dataclass(frozen=True)
class Profile:
    key: str
    latitude: float
    longitude: float
    utc_offset_hours: int
    pm25_mean: float  # yearly mean level of PM2.5, µg/m³
    pm25_winter_swing: float  # added in mid-January, removed in mid-July
    traffic: float  # scales NO2, CO, SO2
    ozone_peak: float  # afternoon ozone above the night-time base, µg/m³


PROFILES = (
    Profile("hanoi", 21.0285, 105.8542, 7, pm25_mean=36.0, pm25_winter_swing=20.0, traffic=1.0, ozone_peak=60.0),
    Profile("hcmc", 10.8231, 106.6297, 7, pm25_mean=24.0, pm25_winter_swing=5.0, traffic=0.9, ozone_peak=70.0),
    Profile("danang", 16.0544, 108.2022, 7, pm25_mean=15.0, pm25_winter_swing=5.0, traffic=0.45, ozone_peak=45.0),
)


def nearest_profile(latitude: float, longitude: float) -> Profile:
    return min(PROFILES, key=lambda p: (p.latitude - latitude) ** 2 + (p.longitude - longitude) ** 2)


def uniform(*key: object) -> float:
    """A uniform number in (0, 1) fixed by the key."""
    digest = hashlib.blake2b("|".join(map(str, key)).encode(), digest_size=8).digest()
    return (int.from_bytes(digest, "big") + 0.5) / 2**64


def normal(*key: object) -> float:
    return _STANDARD_NORMAL.inv_cdf(uniform(*key))


def _bump(hour: float, centre: float, width: float) -> float:
    distance = min(abs(hour - centre), 24 - abs(hour - centre))
    return math.exp(-(distance**2) / (2 * width**2))


def _season(day: date) -> float:
    """+1 in mid-January (dry, hazy winter in the north), -1 in mid-July."""
    return math.cos(2 * math.pi * (day.timetuple().tm_yday - 15) / 365.25)


def _weather(profile: Profile, ts: datetime, name: str, spread: float) -> float:
    """A day-level factor interpolated hour by hour between consecutive days, so days join smoothly."""
    day = ts.date()
    today = math.exp(spread * normal(profile.key, name, day))
    tomorrow = math.exp(spread * normal(profile.key, name, day + timedelta(days=1)))
    share = ts.hour / 24
    return today * (1 - share) + tomorrow * share


def _traffic_cycle(local_hour: int) -> float:
    return 1 + 0.6 * _bump(local_hour, 8, 1.5) + 0.7 * _bump(local_hour, 19, 2.0) - 0.35 * _bump(local_hour, 14, 2.5)


def _pm25(profile: Profile, ts: datetime, local_hour: int) -> float:
    level = profile.pm25_mean + profile.pm25_winter_swing * _season(ts.date())
    cycle = 1 + 0.3 * _bump(local_hour, 8, 1.5) + 0.45 * _bump(local_hour, 21, 2.5) - 0.3 * _bump(local_hour, 14, 2.5)
    noise = math.exp(0.12 * normal(profile.key, "pm2_5", ts))
    return max(1.0, level * cycle * _weather(profile, ts, "haze", 0.4) * noise)


def _daylight(local_hour: int) -> float:
    return max(0.0, math.sin(math.pi * (local_hour - 6) / 12))


def raw_value(profile: Profile, variable: str, ts: datetime) -> float:
    local_hour = (ts.hour + profile.utc_offset_hours) % 24
    season = _season(ts.date())
    noise = math.exp(0.15 * normal(profile.key, variable, ts))
    traffic = profile.traffic * _traffic_cycle(local_hour) * math.sqrt(_weather(profile, ts, "haze", 0.4))
    if variable == "pm2_5":
        return round(_pm25(profile, ts, local_hour), 1)
    if variable == "pm10":
        return round(_pm25(profile, ts, local_hour) * (1.4 + 0.3 * uniform(profile.key, "pm10", ts)), 1)
    if variable == "nitrogen_dioxide":
        return round(32 * (1 + 0.25 * season) * traffic * noise, 1)
    if variable == "carbon_monoxide":
        return round(850 * (1 + 0.3 * season) * traffic * noise, 1)
    if variable == "sulphur_dioxide":
        return round(11 * (1 + 0.2 * season) * traffic * noise, 1)
    if variable == "ozone":
        summer_boost = 1 - 0.2 * season if profile.key == "hanoi" else 1 + 0.15 * season
        return round((28 + profile.ozone_peak * summer_boost * _daylight(local_hour - 1)) * noise, 1)
    if variable == "dust":
        return round(max(0.0, (3 + 4 * (1 + season)) * _weather(profile, ts, "wind", 0.6) * noise), 1)
    if variable == "aerosol_optical_depth":
        return round((0.12 + _pm25(profile, ts, local_hour) / 140) * noise, 2)
    if variable == "uv_index":
        clouds = 0.55 + 0.45 * uniform(profile.key, "clouds", ts.date())
        peak = 11.5 - 2.5 * season * abs(profile.latitude) / 21
        return round(peak * clouds * _daylight(local_hour), 2)
    if variable == "carbon_dioxide":
        return round(421 + 12 * profile.traffic * _traffic_cycle(local_hour) + 2 * normal(profile.key, "co2", ts))
    raise KeyError(variable)


def value(profile: Profile, variable: str, ts: datetime) -> float | None:
    if uniform(profile.key, variable, ts, "null") < NULL_SHARE:
        return None
    return raw_value(profile, variable, ts)


def hours(start: date, end: date) -> list[datetime]:
    first = datetime(start.year, start.month, start.day, tzinfo=UTC)
    count = ((end - start).days + 1) * 24
    return [first + timedelta(hours=i) for i in range(count)]


def hourly_series(profile: Profile, variables: list[str], start: date, end: date) -> dict:
    timeline = hours(start, end)
    series: dict[str, list] = {"time": [ts.strftime("%Y-%m-%dT%H:%M") for ts in timeline]}
    for variable in variables:
        series[variable] = [value(profile, variable, ts) for ts in timeline]
    return series
