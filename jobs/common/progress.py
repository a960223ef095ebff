"""The two lines a job prints for the console: progress as it works and the result at the end.

The console parses `BACKFILL_PROGRESS {json}` and `BACKFILL_RESULT {json}` from stdout, one per line.
"""
import json
import sys
from typing import NoReturn


def report_progress(done: int, total: int, unit: str) -> None:
    print("BACKFILL_PROGRESS " + json.dumps({"done": done, "total": total, "unit": unit}), flush=True)


def report_result(rows_written: dict, **extra) -> None:
    print("BACKFILL_RESULT " + json.dumps({"rows_written": rows_written, **extra}, sort_keys=True), flush=True)


def fail(reason: str, code: int = 1) -> NoReturn:
    """Exit non-zero with the reason as the job's last log line."""
    print(f"BACKFILL_FAILED {reason}", file=sys.stderr, flush=True)
    sys.exit(code)
