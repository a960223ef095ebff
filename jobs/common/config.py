"""Loads the lakehouse's reference config: the cities (config/locations.jsonl) and the pollutants
(config/pollutants.jsonl), one JSON object per line, and selects subsets of them by name."""
from __future__ import annotations

import errno
import json
import math
import os
import re
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn


def config_dir() -> Path:
    """$BACKFILL_CONFIG_DIR (scripts/spark_submit.sh sets it), else the checkout's config/ beside the package.
    On YARN the package is imported from the shipped jobs.zip, where no config/ is beside it."""
    given = os.environ.get("BACKFILL_CONFIG_DIR")
    if given:
        return Path(given)
    beside = Path(__file__).resolve().parents[2] / "config"
    return beside if beside.is_dir() else Path.cwd() / "config"


CONFIG_DIR = config_dir()
DEFAULT_LOCATIONS_PATH = CONFIG_DIR / "locations.jsonl"
DEFAULT_POLLUTANTS_PATH = CONFIG_DIR / "pollutants.jsonl"


class ConfigError(ValueError):
    """A config file is missing, unreadable or has a bad line; the message names the file."""


@dataclass(frozen=True)
class Location:
    location_key: str
    location_name: str
    latitude: float
    longitude: float
    timezone: str


@dataclass(frozen=True)
class Pollutant:
    pollutant_code: str
    display_name: str
    unit: str
    aqi_timespan: str | None
    api_variable: str
    is_aqi: bool


# The rules a config file is held to; the console checks --locations and --pollutants files by the same rules
# before a stage starts (src/config/reference-config.ts), and test/contract/reference-config.json is the one
# table of cases both test suites read, so the two readers cannot drift. A line is one JSON object (split at
# "\n" only; a blank line holds nothing but spaces, tabs and "\r"), nested at most MAX_NESTING deep and without
# an integer of more than MAX_INTEGER_DIGITS digits (see _line_limit_problem), strict JSON: no byte order mark,
# no duplicate key at any depth, no NaN or Infinity; each field of the type and range below.

# json recurses once per level and raises RecursionError near a thousand; it refuses an integer of more than
# 4,300 digits (sys.get_int_max_str_digits). The console's JSON.parse takes both, so both readers hold a line to
# the same, far smaller, limits before it is parsed (src/config/json-line-limits.ts).
MAX_NESTING = 16
MAX_INTEGER_DIGITS = 100

# A string (a backslash takes the next character) up to its closing quote or the line's end; a bracket; a run
# of the characters of a number, and such a run that is an integer of too many digits.
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")
_LONG_INTEGER = re.compile(rf"(?<![0-9+\-.eE])-?[0-9]{{{MAX_INTEGER_DIGITS + 1},}}(?![0-9+\-.eE])")


def _line_limit_problem(line: str) -> str | None:
    """What a line goes past, read as text before it is parsed (as the console reads it): arrays and objects
    nested more than MAX_NESTING deep (brackets outside strings; a closing one never below none), else an
    integer (a run of number characters that is -?digits) of more than MAX_INTEGER_DIGITS digits."""
    outside_strings = _JSON_STRING.sub(" ", line)
    depth = 0
    for bracket in _BRACKET.finditer(outside_strings):
        if bracket.group() in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return f"nests arrays or objects more than {MAX_NESTING} deep"
        elif depth:
            depth -= 1
    if _LONG_INTEGER.search(outside_strings):
        return f"has an integer of more than {MAX_INTEGER_DIGITS} digits"
    return None


class _DuplicateKey(ValueError):
    pass


def _unique_pairs(pairs: list[tuple[str, object]]) -> dict[str, object]:
    record: dict[str, object] = {}
    for key, value in pairs:
        if key in record:
            raise _DuplicateKey(key)
        record[key] = value
    return record


def _no_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a JSON number")


def _non_empty_string(value: object) -> bool:
    """A string with a character other than a space, tab, CR or LF (the console's test, character for character)."""
    return isinstance(value, str) and value.strip(" \t\r\n") != ""


# A location key is a partition value of every table and a part of file paths: one plain name, never a control
# or bidi character, a blank, a slash or "..". The console holds it to the same pattern (reference-config.ts).
_LOCATION_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def _location_key(value: object) -> bool:
    return isinstance(value, str) and _LOCATION_KEY.fullmatch(value) is not None and ".." not in value


def _number_between(low: float, high: float) -> Callable[[object], bool]:
    def check(value: object) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool) and low <= value <= high

    return check


# A field's rule: what it must be, in words, and the check.
Rule = tuple[str, Callable[[object], bool]]

_LOCATION_FIELDS: dict[str, Rule] = {
    "location_key": (
        '1 to 64 ASCII letters, digits, "_", "." or "-", starting with a letter or digit, without ".."',
        _location_key,
    ),
    "location_name": ("a non-empty string", _non_empty_string),
    "latitude": ("a number from -90 to 90", _number_between(-90, 90)),
    "longitude": ("a number from -180 to 180", _number_between(-180, 180)),
    "timezone": ("a non-empty string", _non_empty_string),
}
_POLLUTANT_FIELDS: dict[str, Rule] = {
    "pollutant_code": ("a non-empty string", _non_empty_string),
    "display_name": ("a non-empty string", _non_empty_string),
    "unit": ("a string", lambda value: isinstance(value, str)),
    "aqi_timespan": ("a string or null", lambda value: value is None or isinstance(value, str)),
    "api_variable": ("a non-empty string", _non_empty_string),
}
_OPTIONAL_POLLUTANT_FIELDS: dict[str, Rule] = {"is_aqi": ("true or false", lambda value: isinstance(value, bool))}

UTF8_BOM = b"\xef\xbb\xbf"


def _echoed(value: object) -> str:
    """A refused value as the message echoes it: its JSON, cut to 40 characters; a number past what a double
    holds (1e400, read as inf) is said to be too large, as the console says it. (An integer holds at most
    MAX_INTEGER_DIGITS digits: _line_limit_problem refused any longer.)"""
    if isinstance(value, float) and math.isinf(value):
        return "a number too large"
    return json.dumps(value)[:40]


# The console reads these files through its bounded reader (src/runner/folder/bounded-file.ts), 16 MB at most.
# A job reads them the same way: the console's check came earlier, and a FIFO put in the file's place since then
# would hang a plain read, a device (/dev/zero) fill the driver's memory.
MAX_CONFIG_BYTES = 16 * 1024 * 1024


# The characters Unicode says to draw as nothing that are not of the categories below (Hangul fillers, the blank
# braille pattern) or are unassigned (the default-ignorable ranges reserved for more of them).
_DRAWN_AS_NOTHING = {0x115F, 0x1160, 0x2065, 0x2800, 0x3164, 0xFFA0, *range(0xFFF0, 0xFFF9), *range(0xE0000, 0xE1000)}


def _shown_char(char: str) -> str:
    code = ord(char)
    if char == "\\":
        return "\\\\"
    category = unicodedata.category(char)
    if not (
        category in ("Cc", "Cf", "Zl", "Zp", "Cs")
        or category.startswith("M")
        or (category == "Zs" and char != " ")
        or code in _DRAWN_AS_NOTHING
    ):
        return char
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\u{{{code:x}}}"


def _shown_path(path: str | os.PathLike[str]) -> str:
    """A path as a message shows it, escaped as the console's shown() escapes a value (src/text/printable.ts):
    each character a terminal does not show as itself (controls, format and bidi characters, line separators,
    spaces other than U+0020, combining marks, lone surrogates of undecodable bytes) written as its code
    (\\x1b, \\x0a, \\u200b, \\u{e0001}) and a backslash as two. A message then stays one line without an
    escape sequence: a path holding a newline and "BACKFILL_RESULT ..." cannot forge a line of the job's output
    that the console reads as the protocol's."""
    return "".join(_shown_char(char) for char in os.fspath(path))


def _what_is_there(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a regular file"


def _read_config_bytes(path: Path) -> bytes:
    """The file's bytes, opened without blocking and checked to be a regular file of at most MAX_CONFIG_BYTES
    before a byte is read; anything else is a ConfigError naming the path and what is there."""
    shown = _shown_path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {shown}") from None
    except OSError as exc:
        # ENXIO: what cannot be opened so, a Unix socket, /dev/tty without a controlling terminal, a device
        # without its hardware: say what it is.
        if exc.errno == errno.ENXIO:
            try:
                mode = os.stat(path).st_mode
            except OSError:
                mode = None
            if mode is not None and not stat.S_ISREG(mode):
                raise ConfigError(f"config file {shown} is {_what_is_there(mode)}, not a file") from None
        raise ConfigError(f"cannot read config file {shown}: {exc.strerror}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise ConfigError(f"config file {shown} is {_what_is_there(mode)}, not a file")
        chunks: list[bytes] = []
        total = 0
        while total <= MAX_CONFIG_BYTES:
            chunk = os.read(fd, min(1024 * 1024, MAX_CONFIG_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > MAX_CONFIG_BYTES:
            raise ConfigError(f"config file {shown} is larger than {MAX_CONFIG_BYTES // (1024 * 1024)} MB")
        return b"".join(chunks)
    except OSError as exc:
        raise ConfigError(f"cannot read config file {shown}: {exc.strerror}") from None
    finally:
        os.close(fd)


def _read_jsonl(
    path: Path,
    required: dict[str, Rule],
    optional: dict[str, Rule] | None = None,
    unique: str | None = None,
) -> list[dict]:
    data = _read_config_bytes(path)
    shown = _shown_path(path)
    if data.startswith(UTF8_BOM):
        raise ConfigError(f"{shown}:1: starts with a UTF-8 byte order mark (BOM)")
    records = []
    first_line_of: dict[object, int] = {}
    for line_number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip(b" \t\r"):
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise ConfigError(f"{shown}:{line_number}: is not UTF-8 text") from None
        limit = _line_limit_problem(line)
        if limit is not None:
            raise ConfigError(f"{shown}:{line_number}: {limit}")
        try:
            record = json.loads(line, object_pairs_hook=_unique_pairs, parse_constant=_no_constant)
        except _DuplicateKey as exc:
            raise ConfigError(f"{shown}:{line_number}: duplicate key {json.dumps(exc.args[0])}") from None
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{shown}:{line_number}: not valid JSON ({exc.msg})") from None
        except ValueError as exc:
            raise ConfigError(f"{shown}:{line_number}: not valid JSON ({exc})") from None
        if not isinstance(record, dict):
            raise ConfigError(f"{shown}:{line_number}: expected a JSON object")
        missing = [key for key in required if key not in record]
        if missing:
            raise ConfigError(f"{shown}:{line_number}: missing {', '.join(missing)}")
        fields = {**required, **{key: rule for key, rule in (optional or {}).items() if key in record}}
        for key, (what, check) in fields.items():
            if not check(record[key]):
                raise ConfigError(f"{shown}:{line_number}: {key} must be {what} (got {_echoed(record[key])})")
        if unique is not None:
            name = record[unique]
            if name in first_line_of:
                raise ConfigError(f"{shown}:{line_number}: {unique} {json.dumps(name)} repeats line {first_line_of[name]}")
            first_line_of[name] = line_number
        records.append(record)
    if not records:
        raise ConfigError(f"{shown}: no records (the file is empty)")
    return records


def load_locations(path: str | Path | None = None) -> list[Location]:
    path = Path(path) if path else DEFAULT_LOCATIONS_PATH
    records = _read_jsonl(path, _LOCATION_FIELDS, unique="location_key")
    return [
        Location(
            location_key=r["location_key"],
            location_name=r["location_name"],
            latitude=float(r["latitude"]),
            longitude=float(r["longitude"]),
            timezone=r["timezone"],
        )
        for r in records
    ]


def load_pollutants(path: str | Path | None = None) -> list[Pollutant]:
    path = Path(path) if path else DEFAULT_POLLUTANTS_PATH
    records = _read_jsonl(path, _POLLUTANT_FIELDS, _OPTIONAL_POLLUTANT_FIELDS, unique="pollutant_code")
    return [
        Pollutant(
            pollutant_code=r["pollutant_code"],
            display_name=r["display_name"],
            unit=r["unit"],
            aqi_timespan=r["aqi_timespan"],
            api_variable=r["api_variable"],
            is_aqi=r.get("is_aqi", False),
        )
        for r in records
    ]


def _split_names(names: str | None) -> list[str]:
    return [name.strip() for name in (names or "").split(",") if name.strip()]


def select_locations(locations: list[Location], names: str | None) -> list[Location]:
    """The locations named in a comma list of location keys, in config order; all when names is empty."""
    wanted = _split_names(names)
    if not wanted:
        return list(locations)
    known = {loc.location_key for loc in locations}
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise ConfigError(f"unknown location(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    return [loc for loc in locations if loc.location_key in wanted]


def select_pollutants(pollutants: list[Pollutant], names: str | None) -> list[Pollutant]:
    """The pollutants named by code (pm25) or API variable (pm2_5), in config order; all when names is empty."""
    wanted = _split_names(names)
    if not wanted:
        return list(pollutants)
    by_name = {p.pollutant_code: p for p in pollutants} | {p.api_variable: p for p in pollutants}
    unknown = [name for name in wanted if name not in by_name]
    if unknown:
        raise ConfigError(f"unknown pollutant(s): {', '.join(unknown)}; known: {', '.join(p.pollutant_code for p in pollutants)}")
    chosen = {by_name[name].pollutant_code for name in wanted}
    return [p for p in pollutants if p.pollutant_code in chosen]
