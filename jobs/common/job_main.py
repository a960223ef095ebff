"""The common ending of a layer job's main(): a session, the work under GracefulStop, the result line,
and a failure reason as the last log line with the right exit code."""
from __future__ import annotations

from typing import Callable

from jobs.common.commits import now_ms, snapshot_commits
from jobs.common.graceful_stop import GracefulStop, StopRequested
from jobs.common.progress import fail, report_result

EXIT_TERMINATED = 143


def run_job(app_name: str, args, spark, run: Callable[[object, object, GracefulStop], dict]) -> int:
    """`run(args, spark, stop)` returns {"rows_written": {...}, **extra}; the result line adds the Iceberg
    commits the job made. Returns 0 or exits via fail()."""
    try:
        if spark is None:
            from jobs.common.spark import get_spark

            spark = get_spark(app_name, args.warehouse)
            spark.conf.set("spark.sql.session.timeZone", "UTC")
        started_ms = now_ms()
        with GracefulStop() as stop:
            result = run(args, spark, stop)
        result.setdefault("commits", snapshot_commits(spark, result["rows_written"], started_ms))
        report_result(result.pop("rows_written"), **result)
        return 0
    except StopRequested as exc:
        fail(str(exc), code=EXIT_TERMINATED)
    except Exception as exc:  # noqa: BLE001 - any failure ends the job with its reason
        fail(f"{type(exc).__name__}: {exc}")
