"""The contract between the console and the jobs, read from the fixtures both test suites share
(test/contract/): every argv the console's pipeline produces parses with that job's own argparse and
means what the console meant; the BACKFILL_* lines the jobs print are the ones the spec names."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from jobs.bronze import run_bronze_pipeline as bronze
from jobs.common import progress
from jobs.common.config import ConfigError, load_locations, load_pollutants, select_locations, select_pollutants
from jobs.gold import run_gold_pipeline as gold
from jobs.silver import run_silver_pipeline as silver

ROOT = Path(__file__).resolve().parents[3]
CONTRACT = ROOT / "test" / "contract"
ARGV_CASES = json.loads((CONTRACT / "stage-argv.json").read_text())
JOB_LINES = json.loads((CONTRACT / "job-lines.json").read_text())
REFERENCE_CONFIG = json.loads((CONTRACT / "reference-config.json").read_text(encoding="utf-8"))["cases"]
PARSERS = {"bronze": bronze.parse_args, "silver": silver.parse_args, "gold": gold.parse_args}


def test_the_fixture_covers_every_stage():
    assert {case["stage"] for case in ARGV_CASES} == set(PARSERS)
    assert len(ARGV_CASES) > 50


@pytest.mark.parametrize("case", ARGV_CASES, ids=[case["name"] for case in ARGV_CASES])
def test_every_console_argv_parses_and_means_what_the_console_meant(case):
    argv = [arg.replace("/PROJECT", str(ROOT)) for arg in case["args"]]
    assert (ROOT / case["app"]).is_file()
    args = PARSERS[case["stage"]](argv)
    chunk = "[" in case["name"].split(",")[0]
    if case["stage"] == "silver":
        # A chunk rewrites its days (incremental) and reports their coverage; the whole stage rebuilds.
        assert args.mode == ("incremental" if chunk else "full")
        if chunk:
            assert (args.start, args.end) == args.coverage_range
            assert load_locations(args.locations_file)
        return
    if case["stage"] == "gold":
        # A chunk rewrites the facts of its days; the whole stage every fact; dims: see the next test.
        assert args.mode in (("all", "facts") if chunk else ("all",))
        assert (args.chunk_range is not None) == chunk
    # What the console passes as files are files, and the selections they feed accept them.
    locations = load_locations(args.locations_file)
    pollutants = load_pollutants(args.pollutants_file)
    assert select_locations(locations, args.locations)
    assert select_pollutants(pollutants, args.pollutants)
    if "--locations-file" in argv:
        assert Path(args.locations_file).is_file()
    if "--warehouse" in argv:
        assert args.warehouse == argv[argv.index("--warehouse") + 1]
    if case["stage"] == "bronze":
        start, end = bronze.resolve_range(args, date(2026, 11, 29))
        assert start.isoformat() == argv[argv.index("--start-date") + 1]
        assert end.isoformat() == argv[argv.index("--end-date") + 1]
        assert args.override


def test_a_chunked_gold_writes_the_dims_in_exactly_one_chunk_and_its_chunks_tile_the_range():
    runs: dict[str, list[dict]] = {}
    for case in ARGV_CASES:
        if case["stage"] == "gold" and "[" in case["name"].split(",")[0]:
            runs.setdefault(case["name"].split(", ", 1)[1], []).append(case)
    assert runs
    for run, cases in runs.items():
        parsed = [gold.parse_args(case["args"]) for case in cases]
        assert [args.mode for args in parsed].count("all") == 1, run
        ranges = [args.chunk_range for args in parsed]
        assert all(after[0] - before[1] == date(2024, 1, 2) - date(2024, 1, 1) for before, after in zip(ranges, ranges[1:], strict=False)), run
        assert (ranges[0][0], ranges[-1][1]) == (date(2024, 1, 30), date(2024, 3, 2)), run


@pytest.mark.parametrize("emitted", JOB_LINES["progress"]["emitted"])
def test_progress_lines_are_as_specified(emitted, capsys):
    progress.report_progress(**emitted["call"])
    assert capsys.readouterr().out == emitted["line"] + "\n"


@pytest.mark.parametrize("emitted", JOB_LINES["result"]["emitted"])
def test_result_lines_are_as_specified(emitted, capsys):
    progress.report_result(emitted["call"]["rows_written"], **emitted["call"]["extra"])
    assert capsys.readouterr().out == emitted["line"] + "\n"


@pytest.mark.parametrize("emitted", JOB_LINES["failed"]["emitted"])
def test_failure_lines_are_as_specified(emitted, capsys):
    with pytest.raises(SystemExit) as exited:
        progress.fail(emitted["call"]["reason"], emitted["call"]["code"])
    assert exited.value.code == emitted["exit_code"]
    assert capsys.readouterr().err == emitted["line"] + "\n"


CONFIG_LOADERS = {"locations": load_locations, "pollutants": load_pollutants}


@pytest.mark.parametrize("case", REFERENCE_CONFIG, ids=[case["name"] for case in REFERENCE_CONFIG])
def test_reference_config_files_are_read_by_the_rules_the_console_checks(case, tmp_path):
    # test/contract/reference-config.json: the console refuses up front (src/config/reference-config.ts)
    # exactly the --locations/--pollutants files this reader refuses, at the same line.
    path = tmp_path / f"{case['file']}.jsonl"
    data = bytes.fromhex(case["hex"]) if "hex" in case else "".join(line + "\n" for line in case["lines"]).encode("utf-8")
    path.write_bytes(data)
    load = CONFIG_LOADERS[case["file"]]
    if case.get("ok"):
        assert load(path)
        return
    with pytest.raises(ConfigError) as refused:
        load(path)
    where = f"{path}:{case['line']}: " if case["line"] is not None else f"{path}: "
    assert str(refused.value).startswith(where)
    assert case["problem"] in str(refused.value)
