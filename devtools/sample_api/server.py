"""A local stand-in for the Open-Meteo air-quality API (standard library only), for tests and demos.

    python -m devtools.sample_api.server --port 0 [--delay-ms 50] [--fail-first 2] [--fail-rate-429 0.1]
        [--fail-rate-500 0.1] [--retry-after 1] [--bad-request] [--port-file PATH]

Prints `LISTENING http://127.0.0.1:<port>/v1/air-quality` once it accepts requests. Failures are
deterministic: request n (counting from 1) fails when n <= --fail-first, or when n is a multiple of
round(1 / rate) for the 429 and 500 rates."""
from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from dataclasses import dataclass
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from devtools.sample_api.generator import UNITS, hourly_series, nearest_profile

API_PATH = "/v1/air-quality"
MAX_DAYS_PER_REQUEST = 1100


@dataclass(frozen=True)
class ServerOptions:
    delay_ms: int = 0
    fail_rate_429: float = 0.0
    fail_rate_500: float = 0.0
    fail_first: int = 0
    bad_request: bool = False
    retry_after_s: float = 1.0


class BadRequest(ValueError):
    pass


def _every(rate: float) -> int:
    return max(1, round(1 / rate)) if rate > 0 else 0


def _parse_day(params: dict, name: str) -> date:
    values = params.get(name)
    if not values:
        raise BadRequest(f"Parameter '{name}' is required")
    try:
        if len(values[0]) != 10:
            raise ValueError
        return date.fromisoformat(values[0])
    except ValueError:
        raise BadRequest(f"Invalid date format for parameter '{name}': {values[0]!r}, use yyyy-mm-dd") from None


def _parse_coordinate(params: dict, name: str, limit: float) -> float:
    values = params.get(name)
    if not values:
        raise BadRequest(f"Parameter '{name}' is required")
    try:
        number = float(values[0])
    except ValueError:
        raise BadRequest(f"Parameter '{name}' is not a number: {values[0]!r}") from None
    if not -limit <= number <= limit:
        raise BadRequest(f"{name.capitalize()} must be in range of -{limit:g} to {limit:g}°. Given: {number}.")
    return number


def build_answer(query: str) -> dict:
    """The JSON body for a query string, like the real API's; raises BadRequest with its reason."""
    params = parse_qs(query, keep_blank_values=True)
    latitude = _parse_coordinate(params, "latitude", 90)
    longitude = _parse_coordinate(params, "longitude", 180)
    variables = [v for v in ",".join(params.get("hourly", [])).split(",") if v]
    unknown = [v for v in variables if v not in UNITS]
    if unknown:
        raise BadRequest(f"Cannot initialize AirQualityVariable from invalid String value {unknown[0]} for key hourly")
    timezone_name = params.get("timezone", ["GMT"])[0]
    if timezone_name not in ("UTC", "GMT"):
        raise BadRequest(f"The sample server only serves timezone=UTC, got {timezone_name!r}")
    start = _parse_day(params, "start_date")
    end = _parse_day(params, "end_date")
    if end < start:
        raise BadRequest("End-date must be larger or equals than start-date")
    if (end - start).days + 1 > MAX_DAYS_PER_REQUEST:
        raise BadRequest(f"Date range too long; at most {MAX_DAYS_PER_REQUEST} days per request")
    profile = nearest_profile(latitude, longitude)
    started = time.perf_counter()
    hourly = hourly_series(profile, variables, start, end)
    return {
        "latitude": round(latitude, 1),
        "longitude": round(longitude, 1),
        "generationtime_ms": round((time.perf_counter() - started) * 1000, 3),
        "utc_offset_seconds": 0,
        "timezone": "GMT",
        "timezone_abbreviation": "GMT",
        "elevation": 10.0,
        "hourly_units": {"time": "iso8601", **{v: UNITS[v] for v in variables}},
        "hourly": hourly,
    }


class SampleApiServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, options: ServerOptions):
        super().__init__(("127.0.0.1", port), SampleApiHandler)
        self.options = options
        self.request_count = 0
        self._count_lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{API_PATH}"

    def next_request_number(self) -> int:
        with self._count_lock:
            self.request_count += 1
            return self.request_count

    def planned_failure(self, number: int) -> int | None:
        """The status a request must fail with, by the deterministic failure switches."""
        options = self.options
        if number <= options.fail_first:
            return 500
        every_429 = _every(options.fail_rate_429)
        if every_429 and number % every_429 == 0:
            return 429
        every_500 = _every(options.fail_rate_500)
        if every_500 and number % every_500 == 0:
            return 500
        return None


class SampleApiHandler(BaseHTTPRequestHandler):
    server: SampleApiServer

    def log_message(self, format, *args):  # noqa: A002 - keep stdout/stderr for the LISTENING line
        pass

    def _send_json(self, status: int, body: dict, headers: dict | None = None) -> None:
        data = json.dumps(body, separators=(",", ":")).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        parts = urlsplit(self.path)
        if parts.path != API_PATH:
            self._send_json(404, {"error": True, "reason": f"Not found: {parts.path}"})
            return
        options = self.server.options
        number = self.server.next_request_number()
        if options.delay_ms:
            time.sleep(options.delay_ms / 1000)
        if options.bad_request:
            self._send_json(400, {"error": True, "reason": "Sample server started with --bad-request"})
            return
        failure = self.server.planned_failure(number)
        if failure == 429:
            self._send_json(
                429,
                {"error": True, "reason": "Minutely API request limit exceeded. Please try again in one minute."},
                {"Retry-After": f"{options.retry_after_s:g}"},
            )
            return
        if failure == 500:
            self._send_json(500, {"error": True, "reason": "Internal server error (simulated)"})
            return
        try:
            answer = build_answer(parts.query)
        except BadRequest as exc:
            self._send_json(400, {"error": True, "reason": str(exc)})
            return
        self._send_json(200, answer)


def start_in_thread(options: ServerOptions | None = None, port: int = 0) -> SampleApiServer:
    """Starts a server on 127.0.0.1 in a daemon thread; call .shutdown() and .server_close() when done."""
    server = SampleApiServer(port, options or ServerOptions())
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="sample-api", daemon=True).start()
    return server


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Local Open-Meteo-style air-quality API for tests and demos.")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--port-file", help="also write the API URL to this file once listening")
    parser.add_argument("--delay-ms", type=int, default=0)
    parser.add_argument("--fail-rate-429", type=float, default=0.0)
    parser.add_argument("--fail-rate-500", type=float, default=0.0)
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--retry-after", type=float, default=1.0, help="Retry-After seconds sent with 429")
    parser.add_argument("--bad-request", action="store_true")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    options = ServerOptions(
        delay_ms=args.delay_ms,
        fail_rate_429=args.fail_rate_429,
        fail_rate_500=args.fail_rate_500,
        fail_first=args.fail_first,
        bad_request=args.bad_request,
        retry_after_s=args.retry_after,
    )
    server = SampleApiServer(args.port, options)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    if args.port_file:
        Path(args.port_file).write_text(server.url + "\n")
    print(f"LISTENING {server.url}", flush=True)
    try:
        server.serve_forever(poll_interval=0.1)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
