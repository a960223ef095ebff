"""Loads the lakehouse's reference config: the cities (config/locations.jsonl) and the pollutants
(config/pollutants.jsonl), one JSON object per line, and selects subsets of them by name."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path


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


def _read_jsonl(path: Path, required: tuple[str, ...]) -> list[dict]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from None
    records = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{path}:{line_number}: not valid JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise ConfigError(f"{path}:{line_number}: expected a JSON object")
        missing = [key for key in required if key not in record]
        if missing:
            raise ConfigError(f"{path}:{line_number}: missing {', '.join(missing)}")
        records.append(record)
    if not records:
        raise ConfigError(f"config file is empty: {path}")
    return records


def load_locations(path: str | Path | None = None) -> list[Location]:
    path = Path(path) if path else DEFAULT_LOCATIONS_PATH
    records = _read_jsonl(path, ("location_key", "location_name", "latitude", "longitude", "timezone"))
    try:
        return [
            Location(
                location_key=str(r["location_key"]),
                location_name=str(r["location_name"]),
                latitude=float(r["latitude"]),
                longitude=float(r["longitude"]),
                timezone=str(r["timezone"]),
            )
            for r in records
        ]
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: bad coordinate ({exc})") from None


def load_pollutants(path: str | Path | None = None) -> list[Pollutant]:
    path = Path(path) if path else DEFAULT_POLLUTANTS_PATH
    records = _read_jsonl(path, ("pollutant_code", "display_name", "unit", "aqi_timespan", "api_variable"))
    return [
        Pollutant(
            pollutant_code=str(r["pollutant_code"]),
            display_name=str(r["display_name"]),
            unit=str(r["unit"]),
            aqi_timespan=r["aqi_timespan"],
            api_variable=str(r["api_variable"]),
            is_aqi=bool(r.get("is_aqi", False)),
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
