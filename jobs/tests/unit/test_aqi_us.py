"""US EPA AQI engine against hand-worked values (TAD EPA-454/B-24-002, May 2024)."""
import pytest

from jobs.common.aqi_math import round_half_up, truncate
from jobs.common.aqi_us import ugm3_to_us_unit, us_aqi, us_o3_sub_index, us_so2_sub_index, us_sub_index

# Every breakpoint edge: (metric, concentration, expected AQI).
EDGES = [
    ("pm25_24h", 0.0, 0), ("pm25_24h", 9.0, 50), ("pm25_24h", 9.1, 51), ("pm25_24h", 35.4, 100),
    ("pm25_24h", 35.5, 101), ("pm25_24h", 55.4, 150), ("pm25_24h", 55.5, 151), ("pm25_24h", 125.4, 200),
    ("pm25_24h", 125.5, 201), ("pm25_24h", 225.4, 300), ("pm25_24h", 225.5, 301), ("pm25_24h", 325.4, 500),
    ("pm10_24h", 0, 0), ("pm10_24h", 54, 50), ("pm10_24h", 55, 51), ("pm10_24h", 154, 100), ("pm10_24h", 155, 101),
    ("pm10_24h", 254, 150), ("pm10_24h", 255, 151), ("pm10_24h", 354, 200), ("pm10_24h", 355, 201),
    ("pm10_24h", 424, 300), ("pm10_24h", 425, 301), ("pm10_24h", 604, 500),
    ("o3_8h", 0.0, 0), ("o3_8h", 0.054, 50), ("o3_8h", 0.055, 51), ("o3_8h", 0.070, 100), ("o3_8h", 0.071, 101),
    ("o3_8h", 0.085, 150), ("o3_8h", 0.086, 151), ("o3_8h", 0.105, 200), ("o3_8h", 0.106, 201), ("o3_8h", 0.200, 300),
    ("o3_1h", 0.125, 101), ("o3_1h", 0.164, 150), ("o3_1h", 0.165, 151), ("o3_1h", 0.204, 200), ("o3_1h", 0.205, 201),
    ("o3_1h", 0.404, 300), ("o3_1h", 0.405, 301), ("o3_1h", 0.604, 500),
    ("co_8h", 0.0, 0), ("co_8h", 4.4, 50), ("co_8h", 4.5, 51), ("co_8h", 9.4, 100), ("co_8h", 9.5, 101),
    ("co_8h", 12.4, 150), ("co_8h", 12.5, 151), ("co_8h", 15.4, 200), ("co_8h", 15.5, 201), ("co_8h", 30.4, 300),
    ("co_8h", 30.5, 301), ("co_8h", 50.4, 500),
    ("so2_1h", 0, 0), ("so2_1h", 35, 50), ("so2_1h", 36, 51), ("so2_1h", 75, 100), ("so2_1h", 76, 101),
    ("so2_1h", 185, 150), ("so2_1h", 186, 151), ("so2_1h", 304, 200),
    ("so2_24h", 305, 201), ("so2_24h", 604, 300), ("so2_24h", 605, 301), ("so2_24h", 1004, 500),
    ("no2_1h", 0, 0), ("no2_1h", 53, 50), ("no2_1h", 54, 51), ("no2_1h", 100, 100), ("no2_1h", 101, 101),
    ("no2_1h", 360, 150), ("no2_1h", 361, 151), ("no2_1h", 649, 200), ("no2_1h", 650, 201), ("no2_1h", 1249, 300),
    ("no2_1h", 1250, 301), ("no2_1h", 2049, 500),
]


@pytest.mark.parametrize(("metric", "concentration", "expected"), EDGES)
def test_every_breakpoint_edge(metric, concentration, expected):
    assert us_sub_index(metric, concentration) == expected


@pytest.mark.parametrize(
    ("metric", "concentration", "expected"),
    [
        ("pm25_24h", 9.09, 50),  # truncated to 9.0, not rounded up into the next band
        ("pm25_24h", 35.45, 100),
        ("pm25_24h", 35.9, 102),  # 49/19.9*0.4 + 101 = 101.98
        ("pm25_24h", 20.0, 71),  # 49/26.3*10.9 + 51 = 71.31
        ("pm25_24h", 12.0, 56),  # the pre-2024 "Good" ceiling is now Moderate
        ("pm10_24h", 54.9, 50),  # truncated to integer
        ("pm10_24h", 100, 73),  # 49/99*45 + 51 = 73.27
        ("o3_8h", 0.0759, 115),  # truncated to 0.075: 49/0.014*0.004 + 101 = 115
        ("co_8h", 4.46, 50),
        ("co_8h", 6.0, 66),  # 49/4.9*1.5 + 51 = 66
        ("no2_1h", 100.9, 100),
        ("no2_1h", 75, 73),  # 49/46*21 + 51 = 73.37
    ],
)
def test_values_inside_and_just_around_bands(metric, concentration, expected):
    assert us_sub_index(metric, concentration) == expected


def test_above_the_table_is_held_at_500():
    assert us_sub_index("pm25_24h", 400.0) == 500
    assert us_sub_index("co_8h", 60.0) == 500


def test_ozone_8h_is_undefined_above_0200_and_1h_below_0125():
    assert us_sub_index("o3_8h", 0.201) is None
    assert us_sub_index("o3_1h", 0.124) is None


def test_ozone_reports_the_larger_of_8h_and_1h():
    # 8h 0.060 -> 49/0.015*0.005 + 51 = 67.3; 1h 0.130 -> 49/0.039*0.005 + 101 = 107.3
    assert us_o3_sub_index(0.060, 0.130) == 107
    assert us_o3_sub_index(0.060, 0.100) == 67
    # Above 0.200 ppm only the 1-hour table speaks: 199/0.199*0.005 + 301 = 306
    assert us_o3_sub_index(0.201, 0.410) == 306


def test_so2_above_304_ppb_uses_the_24_hour_mean():
    assert us_so2_sub_index(304, None) == 200
    assert us_so2_sub_index(305, None) == 200  # no 24-hour mean: held at 200
    assert us_so2_sub_index(500, 200) == 200  # 24-hour mean below 305: 200
    assert us_so2_sub_index(305, 400) == 232  # 99/299*95 + 201 = 232.45
    assert us_so2_sub_index(50, 900) == 69  # at or below 304 the 24-hour mean is ignored: 49/39*14 + 51 = 68.59


def test_truncation_rules_and_half_up_rounding():
    assert truncate(0.29, 2) == 0.29  # no binary-fraction slip to 0.28
    assert truncate(35.49, 1) == 35.4
    assert truncate(0.0709, 3) == 0.070
    assert round_half_up(2.5) == 3 and round_half_up(0.5) == 1 and round_half_up(2.49) == 2


def test_unit_conversion_at_25c_1atm():
    assert ugm3_to_us_unit("no2", 46.01) == pytest.approx(24.45)  # ppb
    assert ugm3_to_us_unit("o3", 48.00 * 1000) == pytest.approx(24.45)  # ppm
    assert ugm3_to_us_unit("co", 28.01) == pytest.approx(0.02445)
    assert ugm3_to_us_unit("so2", 64.07) == pytest.approx(24.45)
    assert ugm3_to_us_unit("pm25", 12.0) == 12.0


def test_missing_and_invalid_concentrations_have_no_sub_index():
    assert us_sub_index("pm25_24h", None) is None
    assert us_sub_index("pm25_24h", float("nan")) is None
    assert us_sub_index("pm25_24h", -1.0) is None
    assert us_so2_sub_index(None, 400) is None


def test_aqi_is_the_max_sub_index_and_names_the_dominant_pollutant():
    assert us_aqi({"pm25": 71, "o3": 107, "no2": None}) == (107, "o3")
    assert us_aqi({"pm25": 80, "pm10": 80}) == (80, "pm25")  # ties go to the earlier pollutant
    assert us_aqi({"pm25": None, "co": None}) == (None, None)


def test_category_boundaries():
    from jobs.common.aqi_math import category_of
    from jobs.common.aqi_tables import AQI_CATEGORIES

    named = {aqi: category_of(aqi, AQI_CATEGORIES) for aqi in (0, 50, 51, 100, 101, 150, 151, 200, 201, 300, 301, 500)}
    assert named == {
        0: "good", 50: "good", 51: "moderate", 100: "moderate", 101: "usg", 150: "usg", 151: "unhealthy",
        200: "unhealthy", 201: "very_unhealthy", 300: "very_unhealthy", 301: "hazardous", 500: "hazardous",
    }
    assert category_of(None, AQI_CATEGORIES) is None
