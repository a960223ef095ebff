"""The Spark AQI columns (jobs/gold/aqi_columns.py) agree with the pure-Python engines on every
breakpoint edge, values around them, and on hourly AQIs computed over windows with gaps."""
import random
from datetime import UTC, datetime, timedelta

import pytest

from jobs.common.aqi_nowcast import nowcast
from jobs.common.aqi_tables import US_BREAKPOINTS, US_TRUNCATION_DECIMALS, VN_BREAKPOINTS
from jobs.common.aqi_us import ugm3_to_us_unit, us_aqi, us_o3_sub_index, us_so2_sub_index, us_sub_index
from jobs.common.aqi_vn import vn_aqi, vn_sub_index
from jobs.gold import aqi_columns
from jobs.gold.fact_hourly import build_hourly

ROWS = 120


def _us_values(metric, rng):
    step = 10 ** -US_TRUNCATION_DECIMALS[metric]
    points = []
    for c_lo, c_hi, _, _ in US_BREAKPOINTS[metric]:
        points += [c_lo, c_hi, c_hi + step / 2, c_hi + step, (c_lo + c_hi) / 2]
    top = US_BREAKPOINTS[metric][-1][1]
    points += [None, -1.0, top * 1.5]
    while len(points) < ROWS:
        points.append(rng.uniform(0, top * 1.1))
    return points[:ROWS]


def _vn_values(metric, rng):
    bps = VN_BREAKPOINTS[metric]
    points = [p + d for p in bps for d in (0, 0.25, -0.25)] + [None, bps[-1] * 1.5]
    while len(points) < ROWS:
        points.append(rng.uniform(0, bps[-1] * 1.1))
    return points[:ROWS]


def test_sub_index_columns_match_python(spark):
    rng = random.Random(7)
    us_metrics, vn_metrics = list(US_BREAKPOINTS), list(VN_BREAKPOINTS)
    columns = {f"us_{m}": _us_values(m, rng) for m in us_metrics} | {f"vn_{m}": _vn_values(m, rng) for m in vn_metrics}
    names = list(columns)
    rows = [tuple(float(columns[n][i]) if columns[n][i] is not None else None for n in names) for i in range(ROWS)]
    df = spark.createDataFrame(rows, ", ".join(f"{n} double" for n in names))
    selected = [aqi_columns.us_sub_index(m, df[f"us_{m}"]).alias(f"us_{m}") for m in us_metrics]
    selected += [aqi_columns.vn_sub_index(m, df[f"vn_{m}"]).alias(f"vn_{m}") for m in vn_metrics]
    selected += [
        aqi_columns.us_so2_sub_index(df["us_so2_1h"] * 3, df["us_so2_24h"]).alias("so2_rule"),
        aqi_columns.us_o3_sub_index(df["us_o3_8h"], df["us_o3_1h"]).alias("o3_rule"),
    ]
    result = df.select(*selected).collect()
    for i, row in enumerate(result):
        for m in us_metrics:
            assert row[f"us_{m}"] == us_sub_index(m, columns[f"us_{m}"][i]), (m, columns[f"us_{m}"][i])
        for m in vn_metrics:
            assert row[f"vn_{m}"] == vn_sub_index(m, columns[f"vn_{m}"][i]), (m, columns[f"vn_{m}"][i])
        so2 = columns["us_so2_1h"][i]
        assert row.so2_rule == us_so2_sub_index(None if so2 is None else so2 * 3, columns["us_so2_24h"][i])
        assert row.o3_rule == us_o3_sub_index(columns["us_o3_8h"][i], columns["us_o3_1h"][i])


def _rolling_mean(series, i, hours, minimum):
    window = [v for v in series[max(0, i - hours + 1): i + 1] if v is not None]
    return sum(window) / len(window) if len(window) >= minimum else None


def test_hourly_aqi_over_windows_with_gaps_matches_python(spark):
    rng = random.Random(11)
    hours = 72
    start = datetime(2024, 5, 1, tzinfo=UTC)
    series = {
        name: [None if rng.random() < 0.15 else rng.uniform(lo, hi) for _ in range(hours)]
        for name, lo, hi in (
            ("pm2_5", 5, 260), ("pm10", 10, 500), ("ozone", 20, 600), ("carbon_monoxide", 200, 20000),
            ("nitrogen_dioxide", 10, 900), ("sulphur_dioxide", 5, 1200),
        )
    }
    names = list(series)
    rows = [("hanoi", start + timedelta(hours=h), *[series[n][h] for n in names]) for h in range(hours)]
    del rows[40:42]  # two hours missing from the table altogether
    present_hours = [h for h in range(hours) if h not in (40, 41)]
    for n in names:
        series[n][40] = series[n][41] = None
    silver = spark.createDataFrame(rows, "location_key string, ts_utc timestamp, " + ", ".join(f"{n} double" for n in names))
    hourly = build_hourly(silver, {"pm25", "pm10", "o3", "no2", "so2", "co"}).collect()
    result = {r.ts_utc.timestamp(): r for r in hourly}  # PySpark hands back local naive datetimes
    assert len(result) == len(present_hours)
    for h in present_hours:
        row = result[(start + timedelta(hours=h)).timestamp()]
        back = lambda name, h=h: [series[name][h - k] if h - k >= 0 else None for k in range(12)]  # noqa: E731
        pm25_nc, pm10_nc = nowcast(back("pm2_5")), nowcast(back("pm10"))
        assert (row.pm25_nowcast is None) == (pm25_nc is None)
        if pm25_nc is not None:
            assert row.pm25_nowcast == pytest.approx(pm25_nc, rel=1e-12)
        so2 = series["sulphur_dioxide"][h]
        us = {
            "pm25": us_sub_index("pm25_24h", pm25_nc),
            "pm10": us_sub_index("pm10_24h", pm10_nc),
            "o3": us_o3_sub_index(ugm3_to_us_unit("o3", _rolling_mean(series["ozone"], h, 8, 6)), ugm3_to_us_unit("o3", series["ozone"][h])),
            "co": us_sub_index("co_8h", ugm3_to_us_unit("co", _rolling_mean(series["carbon_monoxide"], h, 8, 6))),
            "no2": us_sub_index("no2_1h", ugm3_to_us_unit("no2", series["nitrogen_dioxide"][h])),
            "so2": us_so2_sub_index(ugm3_to_us_unit("so2", so2), ugm3_to_us_unit("so2", _rolling_mean(series["sulphur_dioxide"], h, 24, 18))),
        }
        vn = {
            "pm25": vn_sub_index("pm25", pm25_nc), "pm10": vn_sub_index("pm10", pm10_nc),
            "o3": vn_sub_index("o3_1h", series["ozone"][h]), "co": vn_sub_index("co_1h", series["carbon_monoxide"][h]),
            "no2": vn_sub_index("no2_1h", series["nitrogen_dioxide"][h]), "so2": vn_sub_index("so2_1h", so2),
        }
        assert (row.us_aqi, row.dominant_pollutant) == us_aqi(us), h
        assert (row.vn_aqi, row.vn_dominant_pollutant) == vn_aqi(vn), h
