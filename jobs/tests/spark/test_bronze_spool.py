"""Bronze spools each API answer to disk: the driver's memory does not grow with the range, and the rows
read back are exactly the rows parsed."""
import math
import tracemalloc
from datetime import UTC, date, datetime, timedelta

from jobs.bronze import run_bronze_pipeline
from jobs.bronze import spool as spool_module
from jobs.bronze.response_parser import parse_air_quality
from jobs.bronze.spool import Spool
from jobs.common.config import Location
from jobs.common.lakehouse_tables import BRONZE_COLUMNS

VARIABLES = ["pm10", "pm2_5", "ozone"]
HOURS_PER_ANSWER = 24 * 31


class MonthOfHours:
    """A fake API client: every answer is a month of hourly values for the three variables."""

    api_url = "http://127.0.0.1:1/v1/air-quality"

    def get_json(self, url: str) -> dict:
        first = datetime(2024, 1, 1)
        times = [(first + timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M") for h in range(HOURS_PER_ANSWER)]
        return {
            "latitude": 21.0,
            "longitude": 105.8,
            "hourly": {"time": times, **{v: [float(h % 97) + 0.5 for h in range(HOURS_PER_ANSWER)] for v in VARIABLES}},
        }


def requests(count: int) -> list[tuple]:
    return [(Location(f"loc_{i}", f"Location {i}", 21.0, 105.8, "Asia/Ho_Chi_Minh"), date(2024, 1, 1), date(2024, 1, 31)) for i in range(count)]


def fetch_peak_bytes(tmp_path, count: int) -> tuple[int, int]:
    """Peak traced Python memory while fetching `count` answers, and the rows fetched."""
    with Spool(str(tmp_path / f"spool-{count}")) as spool:
        tracemalloc.start()
        try:
            rows = run_bronze_pipeline.fetch_all(MonthOfHours(), requests(count), VARIABLES, spool)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    return peak, rows


def test_fetch_peak_memory_does_not_grow_with_the_number_of_answers(tmp_path, capsys):
    few_peak, few_rows = fetch_peak_bytes(tmp_path, 3)
    many_peak, many_rows = fetch_peak_bytes(tmp_path, 30)
    assert (few_rows, many_rows) == (3 * HOURS_PER_ANSWER, 30 * HOURS_PER_ANSWER)
    # Holding every row (as before the spool) makes 10 times the answers cost about 10 times the memory.
    assert many_peak < 1.5 * few_peak


def test_the_spool_writes_one_file_per_answer_and_holds_no_rows(tmp_path, capsys):
    with Spool(str(tmp_path)) as spool:
        run_bronze_pipeline.fetch_all(MonthOfHours(), requests(4), VARIABLES, spool)
        assert spool.files == 4
        assert sorted(p.name for p in spool.folder.iterdir()) == [f"part-00000{i}.json" for i in range(4)]
        assert not any(isinstance(value, list) for value in vars(spool).values())
        folder = spool.folder
    assert not folder.exists()


def bronze_row(key: str, hour: int, pm25, ingested_at: datetime) -> tuple:
    ts = datetime(2024, 2, 29, 22, tzinfo=UTC) + timedelta(hours=hour)
    values = {"pm2_5": pm25, "ozone": 1e-300, "pm10": 123456.789012345}
    return (
        key, ts, ts.date(), *[values.get(v) for v in BRONZE_COLUMNS[3:13]], 21.03, 105.85,
        f"http://127.0.0.1/x?l={key}&h={hour}", date(2024, 2, 1), date(2024, 3, 31), ingested_at,
    )


def test_read_back_rows_equal_the_parsed_rows_and_the_last_fetched_wins(spark, tmp_path):
    ingested = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
    first = [bronze_row("hanoi", h, 0.1 * h, ingested) for h in range(4)] + [bronze_row("hcmc", 0, None, ingested)]
    again = [bronze_row("hanoi", 1, 99.25, ingested), bronze_row("hanoi", 2, float("nan"), ingested)]
    with Spool(str(tmp_path)) as spool:
        spool.write(first)
        spool.write([])
        spool.write(again)
        assert (spool.files, spool.rows) == (2, 7)
        got = {(r.location_key, r.ts_utc): tuple(r) for r in spool.frame(spark).collect()}
    expected = {(row[0], row[1]): row for row in first + again}
    assert len(got) == len(expected) == 5
    for key, row in expected.items():
        read = got[(key[0], key[1].replace(tzinfo=None))]
        aware = tuple(v.replace(tzinfo=UTC) if isinstance(v, datetime) else v for v in read)
        assert [str(v) if isinstance(v, float) and math.isnan(v) else v for v in aware] == [
            str(v) if isinstance(v, float) and math.isnan(v) else v for v in row
        ]


def test_on_a_cluster_the_executors_read_a_copy_that_is_removed_with_the_spool(spark, tmp_path, monkeypatch):
    monkeypatch.setattr(spool_module, "executors_share_this_disk", lambda session: False)
    ingested = datetime(2026, 1, 2, tzinfo=UTC)
    with Spool(str(tmp_path)) as spool:
        spool.write([bronze_row("danang", h, 5.0, ingested) for h in range(3)])
        assert spool.frame(spark).count() == 3
        copy = spool._readable_path(spark)
        assert spool.folder.name in copy and not copy.startswith(spool.folder.as_uri())
        assert spool._shared is not None
        fs, target = spool._shared
        assert fs.exists(target)
    assert not fs.exists(target)


def test_parsed_rows_survive_the_round_trip_exactly(spark, tmp_path):
    payload = MonthOfHours().get_json("")
    ingested = datetime.now(UTC)
    rows = parse_air_quality(
        payload, location_key="hanoi", variables=VARIABLES, request_url="u", request_start=date(2024, 1, 1),
        request_end=date(2024, 1, 31), ingested_at=ingested,
    )
    with Spool(str(tmp_path)) as spool:
        spool.write(rows)
        read = spool.frame(spark).collect()
    as_rows = sorted(tuple(v.replace(tzinfo=UTC) if isinstance(v, datetime) else v for v in r) for r in read)
    assert as_rows == sorted(rows)
