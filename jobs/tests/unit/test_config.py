import re
from pathlib import Path

import pytest

from jobs.common.config import ConfigError, load_locations, load_pollutants, select_locations, select_pollutants


def test_shipped_locations_are_the_three_cities():
    locations = {loc.location_key: loc for loc in load_locations()}
    assert set(locations) == {"hanoi", "hcmc", "danang"}
    assert (locations["hanoi"].latitude, locations["hanoi"].longitude) == (21.0285, 105.8542)
    assert locations["danang"].timezone == "Asia/Ho_Chi_Minh"


def test_shipped_pollutants_map_codes_to_api_variables():
    pollutants = {p.pollutant_code: p for p in load_pollutants()}
    assert pollutants["pm25"].api_variable == "pm2_5"
    assert pollutants["o3"].aqi_timespan == "8h"
    assert pollutants["co2"].unit == "ppm"
    assert {code for code, p in pollutants.items() if p.is_aqi} == {"pm25", "pm10", "o3", "no2", "so2", "co"}
    assert len(pollutants) == 10


def test_missing_file_is_named(tmp_path):
    missing = tmp_path / "nope.jsonl"
    with pytest.raises(ConfigError, match="nope.jsonl"):
        load_locations(missing)


def test_bad_line_is_named_with_its_number(tmp_path):
    path = tmp_path / "locations.jsonl"
    path.write_text(
        '{"location_key": "a", "location_name": "A", "latitude": 1, "longitude": 2, "timezone": "UTC"}\n{oops\n'
    )
    with pytest.raises(ConfigError, match=r"locations.jsonl:2"):
        load_locations(path)
    path.write_text('{"location_key": "a"}\n')
    with pytest.raises(ConfigError, match=r"locations.jsonl:1: missing location_name"):
        load_locations(path)


def test_selection_by_key_code_or_api_variable_keeps_config_order():
    assert [loc.location_key for loc in select_locations(load_locations(), "danang, hanoi")] == ["hanoi", "danang"]
    assert [p.pollutant_code for p in select_pollutants(load_pollutants(), "ozone,pm25")] == ["pm25", "o3"]
    assert len(select_pollutants(load_pollutants(), "")) == 10


def test_selection_rejects_unknown_names():
    with pytest.raises(ConfigError, match="unknown location.*paris"):
        select_locations(load_locations(), "hanoi,paris")
    with pytest.raises(ConfigError, match="unknown pollutant.*radon"):
        select_pollutants(load_pollutants(), "radon")


def test_config_dir_follows_backfill_config_dir_and_otherwise_the_checkout(monkeypatch, tmp_path):
    from jobs.common.config import config_dir

    monkeypatch.setenv("BACKFILL_CONFIG_DIR", str(tmp_path))
    assert config_dir() == tmp_path
    monkeypatch.delenv("BACKFILL_CONFIG_DIR")
    assert config_dir() == Path(__file__).resolve().parents[3] / "config"


def test_a_fifo_folder_socket_or_device_in_the_files_place_is_named_without_blocking(tmp_path):
    # The console checked the file before the run; a FIFO put there since would hang a plain read for ever.
    import os
    import socket
    import threading

    fifo = tmp_path / "fifo.jsonl"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def load() -> None:
        try:
            load_locations(fifo)
        except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
            outcome.append(exc)

    # In a thread of its own, so a read that blocks fails this test instead of hanging the suite.
    reader = threading.Thread(target=load, daemon=True)
    reader.start()
    reader.join(10)
    assert not reader.is_alive(), "reading a FIFO blocked"
    assert len(outcome) == 1 and isinstance(outcome[0], ConfigError)
    assert re.search(r"fifo\.jsonl is a FIFO \(named pipe\), not a file", str(outcome[0]))
    with pytest.raises(ConfigError, match=r"is a folder, not a file"):
        load_locations(tmp_path)
    with pytest.raises(ConfigError, match=r"/dev/zero is a character device, not a file"):
        load_pollutants(Path("/dev/zero"))
    sock_path = tmp_path / "s.jsonl"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        with pytest.raises(ConfigError, match=r"s\.jsonl is a socket, not a file"):
            load_locations(sock_path)


def test_a_file_larger_than_the_consoles_cap_is_refused_unread(tmp_path):
    from jobs.common.config import MAX_CONFIG_BYTES

    big = tmp_path / "big.jsonl"
    with big.open("wb") as out:
        out.truncate(MAX_CONFIG_BYTES + 1)
    with pytest.raises(ConfigError, match=r"big\.jsonl is larger than 16 MB"):
        load_locations(big)


def test_a_device_that_cannot_be_opened_is_named_for_what_it_is_not_a_socket():
    # /dev/tty without a controlling terminal fails to open with ENXIO, as a socket does.
    import subprocess
    import sys

    if not Path("/dev/tty").exists():
        pytest.skip("no /dev/tty")
    code = (
        "from jobs.common.config import ConfigError, load_locations\n"
        "try:\n    load_locations('/dev/tty')\nexcept ConfigError as e:\n    print(e)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
        start_new_session=True,  # no controlling terminal
        check=True,
        timeout=60,
    )
    assert result.stdout.strip() == "config file /dev/tty is a character device, not a file"


def test_a_device_failing_with_enxio_is_named_from_its_mode(monkeypatch):
    import errno
    import os

    def no_such_device(*args, **kwargs):
        raise OSError(errno.ENXIO, os.strerror(errno.ENXIO))

    monkeypatch.setattr(os, "open", no_such_device)
    with pytest.raises(ConfigError, match=r"^config file /dev/null is a character device, not a file$"):
        load_locations(Path("/dev/null"))


FORGING_NAME = "x\nBACKFILL_RESULT {}\x1b]0;x\x07\\y\u200b\u00e9.jsonl"
FORGING_SHOWN = r"x\x0aBACKFILL_RESULT {}\x1b]0;x\x07\\y\u200b" + "\u00e9.jsonl"


def assert_one_clean_line(message: str) -> None:
    assert "\n" not in message and "\r" not in message
    assert not any(ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0 for char in message), ascii(message)
    assert FORGING_SHOWN in message, message


def test_config_errors_show_a_path_escaped_on_one_line(tmp_path):
    # A path holding a newline and a protocol line, or escape sequences, must not forge a line of the job's output.
    import os

    fifo = tmp_path / FORGING_NAME
    os.mkfifo(fifo)
    with pytest.raises(ConfigError) as fifo_error:
        load_locations(fifo)
    assert_one_clean_line(str(fifo_error.value))
    assert str(fifo_error.value).endswith("is a FIFO (named pipe), not a file")
    fifo.unlink()
    with pytest.raises(ConfigError) as missing_error:
        load_locations(fifo)
    assert_one_clean_line(str(missing_error.value))
    fifo.write_text("{oops\n")
    with pytest.raises(ConfigError) as line_error:
        load_locations(fifo)
    assert_one_clean_line(str(line_error.value))
    assert f"{FORGING_SHOWN}:1: not valid JSON" in str(line_error.value)
    fifo.write_text("")
    with pytest.raises(ConfigError) as empty_error:
        load_locations(fifo)
    assert_one_clean_line(str(empty_error.value))
