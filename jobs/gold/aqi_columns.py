"""Spark column expressions of both AQI standards, generated from jobs/common/aqi_tables.py.

They mirror jobs/common/aqi_us.py, aqi_vn.py and aqi_nowcast.py operation for operation (same
truncation epsilon, same interpolation order, same half-up rounding); jobs/tests/spark/test_gold_aqi_parity.py
checks the two agree.
"""
from __future__ import annotations

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from jobs.common.aqi_math import TRUNCATION_EPSILON
from jobs.common.aqi_nowcast import NOWCAST_HOURS, RECENT_HOURS, RECENT_REQUIRED, WEIGHT_FLOOR
from jobs.common.aqi_tables import (
    AQI_CATEGORIES,
    AQI_MAX,
    AQI_POLLUTANTS,
    MOLAR_MASS,
    MOLAR_VOLUME_L,
    US_BREAKPOINTS,
    US_CAPPED_METRICS,
    US_TRUNCATION_DECIMALS,
    VN_BREAKPOINTS,
    VN_CAPPED_METRICS,
    VN_INDEX_LEVELS,
)
from jobs.common.aqi_us import SO2_1H_ABOVE_LIMIT_AQI, SO2_1H_LIMIT_PPB


def _missing(c: Column) -> Column:
    return c.isNull() | F.isnan(c) | (c < 0)


def _truncated(c: Column, decimals: int) -> Column:
    scale = 10 ** decimals
    return F.floor(c * F.lit(float(scale)) + F.lit(TRUNCATION_EPSILON)) / F.lit(float(scale))


def _interpolated(c: Column, c_lo: float, c_hi: float, i_lo: int, i_hi: int) -> Column:
    slope = (i_hi - i_lo) / (c_hi - c_lo)
    return F.floor(F.lit(slope) * (c - F.lit(float(c_lo))) + F.lit(float(i_lo)) + F.lit(0.5))


def us_sub_index(metric: str, concentration: Column) -> Column:
    c = concentration.cast("double")
    table = US_BREAKPOINTS[metric]
    t = _truncated(c, US_TRUNCATION_DECIMALS[metric])
    expr = F.when(_missing(c), F.lit(None)).when(t < F.lit(float(table[0][0])), F.lit(None))
    for c_lo, c_hi, i_lo, i_hi in table:
        expr = expr.when(t <= F.lit(float(c_hi)), _interpolated(t, c_lo, c_hi, i_lo, i_hi))
    return expr.otherwise(F.lit(None) if metric in US_CAPPED_METRICS else F.lit(AQI_MAX)).cast("int")


def us_o3_sub_index(o3_8h_ppm: Column, o3_1h_ppm: Column) -> Column:
    return F.greatest(us_sub_index("o3_8h", o3_8h_ppm), us_sub_index("o3_1h", o3_1h_ppm))


def us_so2_sub_index(so2_1h_ppb: Column, so2_24h_ppb: Column) -> Column:
    c = so2_1h_ppb.cast("double")
    return (
        F.when(_missing(c), F.lit(None))
        .when(_truncated(c, 0) <= F.lit(float(SO2_1H_LIMIT_PPB)), us_sub_index("so2_1h", c))
        .otherwise(F.coalesce(us_sub_index("so2_24h", so2_24h_ppb), F.lit(SO2_1H_ABOVE_LIMIT_AQI)))
        .cast("int")
    )


def ugm3_to_us_unit(pollutant: str, ugm3: Column) -> Column:
    if pollutant not in MOLAR_MASS:
        return ugm3
    ppb = ugm3.cast("double") * F.lit(MOLAR_VOLUME_L) / F.lit(MOLAR_MASS[pollutant])
    return ppb / F.lit(1000.0) if pollutant in ("o3", "co") else ppb


def vn_sub_index(metric: str, concentration: Column) -> Column:
    c = concentration.cast("double")
    points = VN_BREAKPOINTS[metric]
    expr = F.when(_missing(c), F.lit(None))
    for i in range(len(points) - 1):
        expr = expr.when(
            c <= F.lit(float(points[i + 1])),
            _interpolated(c, points[i], points[i + 1], VN_INDEX_LEVELS[i], VN_INDEX_LEVELS[i + 1]),
        )
    return expr.otherwise(F.lit(None) if metric in VN_CAPPED_METRICS else F.lit(AQI_MAX)).cast("int")


def vn_o3_sub_index(o3_1h: Column, o3_8h: Column) -> Column:
    return F.greatest(vn_sub_index("o3_1h", o3_1h), vn_sub_index("o3_8h", o3_8h))


def aqi_and_dominant(sub_indices: dict[str, Column], require_pm: bool = False) -> tuple[Column, Column]:
    """(max sub-index, first pollutant in AQI_POLLUTANTS order holding it), like aqi_math.max_with_dominant."""
    ordered = [(p, sub_indices[p]) for p in AQI_POLLUTANTS if p in sub_indices]
    if not ordered:
        return F.lit(None).cast("int"), F.lit(None).cast("string")
    aqi = F.greatest(*[c for _, c in ordered]) if len(ordered) > 1 else ordered[0][1]
    dominant = F.lit(None).cast("string")
    for pollutant, column in reversed(ordered):
        dominant = F.when(column.isNotNull() & (column == aqi), F.lit(pollutant)).otherwise(dominant)
    if require_pm:
        has_pm = F.lit(False)
        for pm in ("pm25", "pm10"):
            if pm in sub_indices:
                has_pm = has_pm | sub_indices[pm].isNotNull()
        aqi = F.when(has_pm, aqi)
        dominant = F.when(has_pm, dominant)
    return aqi.cast("int"), dominant


def with_aqi(df, prefix: str, sub_indices: dict[str, Column], require_pm: bool = False):
    """Adds `{prefix}_{pollutant}` sub-index columns and returns (df, aqi, dominant) built on them.
    Materialising the sub-indices first keeps each breakpoint CASE chain from being copied into
    the max and the dominant-pollutant expressions (which overflows Spark's code generator)."""
    for pollutant, column in sub_indices.items():
        df = df.withColumn(f"{prefix}_{pollutant}", column)
    aqi, dominant = aqi_and_dominant({p: F.col(f"{prefix}_{p}") for p in sub_indices}, require_pm)
    return df, aqi, dominant


def category(aqi: Column) -> Column:
    expr = F.when(aqi.isNull(), F.lit(None).cast("string"))
    for name, lowest in reversed(AQI_CATEGORIES):
        expr = expr.when(aqi >= F.lit(lowest), F.lit(name))
    return expr.otherwise(F.lit(AQI_CATEGORIES[0][0]))


def with_nowcast(df: DataFrame, history: str, out: str, current_hour: Column) -> DataFrame:
    """Adds `out`, the NowCast of the column `history`: an array of struct(t: epoch hour, v: value) of the last
    12 hours including the current one (as collected by a range window), like aqi_nowcast.nowcast.

    The hours present, their values and the weight are columns of their own, each computed once per row. As one
    expression, Spark evaluated them again wherever they appear, the weight inside the sums once per element
    (the filter and both extremes again for each hour), every value boxed: 0.5 ms a row, gigabytes of garbage
    per month of gold that made the JVM's heap grow."""
    present, values, weight = f"_{out}_present", f"_{out}_values", f"_{out}_weight"
    df = df.withColumn(present, F.filter(
        F.col(history), lambda x: x["v"].isNotNull() & (x["t"] > current_hour - F.lit(NOWCAST_HOURS)) & (x["t"] <= current_hour)
    ))
    df = df.withColumn(values, F.transform(F.col(present), lambda x: x["v"]))
    highest, lowest = F.array_max(F.col(values)), F.array_min(F.col(values))
    df = df.withColumn(weight, F.when(highest <= 0, F.lit(1.0)).otherwise(F.greatest(lowest / highest, F.lit(WEIGHT_FLOOR))))
    recent = F.size(F.filter(F.col(present), lambda x: x["t"] > current_hour - F.lit(RECENT_HOURS)))
    numerator = F.aggregate(F.col(present), F.lit(0.0), lambda acc, x: acc + F.pow(F.col(weight), current_hour - x["t"]) * x["v"])
    denominator = F.aggregate(F.col(present), F.lit(0.0), lambda acc, x: acc + F.pow(F.col(weight), current_hour - x["t"]))
    return df.withColumn(out, F.when(recent >= F.lit(RECENT_REQUIRED), numerator / denominator)).drop(present, values, weight)
