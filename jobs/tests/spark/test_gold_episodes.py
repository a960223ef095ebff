"""Episode detection: runs at or above the threshold, broken by a low or a missing hour."""
from datetime import datetime, timedelta

from jobs.gold.fact_episode import build_episodes

START = datetime(2024, 1, 1)


def _hours(location, aqis, first=0):
    return [(location, START + timedelta(hours=first + i), aqi, "pm25" if aqi != 300 else "o3") for i, aqi in enumerate(aqis)]


def test_runs_of_at_least_min_hours_become_episodes(spark):
    rows = (
        _hours("hanoi", [100, 151, 160, 300, 155, 90, 200, 200, 200])  # a 4-hour run, then a 3-hour one
        + _hours("hcmc", [180, 180], first=0) + _hours("hcmc", [180, 180], first=3)  # hour 2 missing
        + _hours("danang", [150, 150, 150, 150, 150])  # just below the threshold
    )
    hourly = spark.createDataFrame(rows, "location_key string, ts_utc timestamp, us_aqi int, dominant_pollutant string")
    episodes = build_episodes(hourly, threshold=151, min_hours=4).collect()
    assert len(episodes) == 1
    episode = episodes[0]
    assert (episode.location_key, episode.hours, episode.peak_us_aqi) == ("hanoi", 4, 300)
    assert episode.start_ts_utc == START + timedelta(hours=1) and episode.end_ts_utc == START + timedelta(hours=4)
    assert episode.mean_us_aqi == (151 + 160 + 300 + 155) / 4
    assert episode.dominant_pollutant == "o3"  # the pollutant of the peak hour
    assert episode.episode_id == "hanoi-2024010101"
    assert len(build_episodes(hourly, threshold=151, min_hours=2).collect()) == 4
