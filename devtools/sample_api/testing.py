"""Helpers for tests: the sample API server in-process, and a GET that does not raise on HTTP errors."""
from __future__ import annotations

import contextlib
import json
import urllib.error
import urllib.request

from devtools.sample_api.server import ServerOptions, start_in_thread


@contextlib.contextmanager
def sample_server(**options):
    server = start_in_thread(ServerOptions(**options))
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def get(url: str) -> tuple[int, dict, dict]:
    """(status, JSON body, headers) without raising on HTTP errors."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read()), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read()), dict(exc.headers)
