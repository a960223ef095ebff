"""Vietnam AQI engine (Decision 1459/QĐ-TCMT) against hand-worked values."""
import pytest

from jobs.common.aqi_vn import vn_aqi, vn_o3_sub_index, vn_sub_index

EDGES = {
    "pm25": (0, 25, 50, 80, 150, 250, 350, 500),
    "pm10": (0, 50, 150, 250, 350, 420, 500, 600),
    "o3_1h": (0, 160, 200, 300, 400, 800, 1000, 1200),
    "co_1h": (0, 10000, 30000, 45000, 60000, 90000, 120000, 150000),
    "so2_1h": (0, 125, 350, 550, 800, 1600, 2100, 2630),
    "no2_1h": (0, 100, 200, 700, 1200, 2350, 3100, 3850),
}
LEVELS = (0, 50, 100, 150, 200, 300, 400, 500)


@pytest.mark.parametrize(
    ("metric", "concentration", "expected"),
    [(m, bp, level) for m, bps in EDGES.items() for bp, level in zip(bps, LEVELS, strict=True)]
    + [("o3_8h", bp, level) for bp, level in zip((0, 100, 120, 170, 210, 400), LEVELS, strict=False)],
)
def test_every_breakpoint_edge(metric, concentration, expected):
    assert vn_sub_index(metric, concentration) == expected


@pytest.mark.parametrize(
    ("metric", "concentration", "expected"),
    [
        ("pm25", 30, 60),  # 50/25*5 + 50
        ("pm25", 25.1, 50),  # 50.2
        ("pm25", 24.9, 50),  # 49.8
        ("pm25", 25.25, 51),  # exactly 50.5 rounds up
        ("pm25", 0.25, 1),  # exactly 0.5 rounds up
        ("pm10", 100, 75),
        ("o3_1h", 180, 75),
        ("co_1h", 20000, 75),
        ("so2_1h", 200, 67),  # 50/225*75 + 50 = 66.67
        ("no2_1h", 450, 125),
    ],
)
def test_values_between_and_around_breakpoints(metric, concentration, expected):
    assert vn_sub_index(metric, concentration) == expected


def test_above_the_table_is_held_at_500_except_ozone_8h():
    assert vn_sub_index("pm25", 501) == 500
    assert vn_sub_index("o3_8h", 401) is None
    assert vn_o3_sub_index(500, 401) == 225  # the 1-hour value governs: 100/400*100 + 200


def test_missing_concentrations_have_no_sub_index():
    assert vn_sub_index("pm25", None) is None
    assert vn_sub_index("pm25", float("nan")) is None
    assert vn_sub_index("pm10", -5) is None


def test_aqi_is_the_max_and_needs_pm():
    assert vn_aqi({"pm25": 60, "o3": 75, "co": None}) == (75, "o3")
    assert vn_aqi({"pm10": 75, "o3": 75}) == (75, "pm10")
    assert vn_aqi({"pm25": None, "pm10": None, "o3": 120}) == (None, None)
