"""NowCast (12 hours, w = min/max floored at 0.5, 2 of the 3 most recent hours required)."""
import pytest

from jobs.common.aqi_nowcast import nowcast

NONE9: list[float | None] = [None] * 9


def test_constant_series_is_its_own_nowcast():
    assert nowcast([10.0] * 12) == pytest.approx(10.0)


def test_weight_is_floored_at_one_half():
    # min/max = 13/28 < 0.5 -> w = 0.5: (13 + 8.5 + 7) / 1.75
    assert nowcast([13, 17, 28] + NONE9) == pytest.approx(28.5 / 1.75)


def test_weight_above_the_floor_is_min_over_max():
    w = 20 / 30
    expected = (20 + w * 25 + w * w * 30) / (1 + w + w * w)
    assert nowcast([20, 25, 30] + NONE9) == pytest.approx(expected)


def test_missing_hours_are_skipped_but_keep_their_age():
    w = 10 / 12
    assert nowcast([10, None, 12] + NONE9) == pytest.approx((10 + w * w * 12) / (1 + w * w))


def test_needs_two_of_the_three_most_recent_hours():
    assert nowcast([None, 10, None, 50, 50, 50, 50, 50, 50, 50, 50, 50]) is None
    assert nowcast([None, None, 10] + NONE9) is None
    assert nowcast([None, 10, 10] + NONE9) == pytest.approx(10.0)


def test_only_twelve_hours_count():
    assert nowcast([10.0] * 12 + [1000.0]) == pytest.approx(10.0)


def test_all_zero_hours_give_zero():
    assert nowcast([0.0] * 12) == 0.0
