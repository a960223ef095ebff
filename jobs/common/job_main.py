"""The one skeleton of a layer job's main() (bronze, silver, gold): a Spark session, the work under
GracefulStop, the result line with the Iceberg commits, and a failure reason as the last log line with the
right exit code."""
from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pyspark.sql import SparkSession

from jobs.common.commits import now_ms, snapshot_commits
from jobs.common.graceful_stop import GracefulStop, StopRequested
from jobs.common.progress import fail, report_result

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_TERMINATED = 143


class JobSession:
    """The job's SparkSession: the caller's (the tests'), else one started on first use, in UTC."""

    def __init__(self, app_name: str, warehouse: str | None, spark: SparkSession | None = None) -> None:
        self.app_name = app_name
        self.warehouse = warehouse
        self._spark = spark
        self._own = False

    def get(self) -> SparkSession:
        if self._spark is None:
            from jobs.common.spark import get_spark

            self._spark = get_spark(self.app_name, self.warehouse)
            self._spark.conf.set("spark.sql.session.timeZone", "UTC")
            self._own = True
        return self._spark

    def stop(self) -> None:
        """Stops the session if this job started it (a caller's session is the caller's)."""
        if self._own and self._spark is not None:
            self._spark.stop()


@dataclass(frozen=True)
class Failure:
    """A failure a job names itself: an exception of `types` ends the job with `code`, the reason being
    `label` followed by the exception's text (any other exception: its class name, then its text; code 1)."""

    types: tuple[type[Exception], ...]
    code: int = EXIT_FAILED
    label: str = ""


Run = Callable[[argparse.Namespace, JobSession, GracefulStop], dict[str, Any]]


def run_job(
    app_name: str,
    args: argparse.Namespace,
    spark: SparkSession | None,
    run: Run,
    *,
    reason_prefix: str = "",
    failures: Sequence[Failure] = (),
    spark_first: bool = True,
    stopped_before_writing: str | None = None,
    stopped_after_commit: str | None = None,
) -> int:
    """`run(args, session, stop)` returns {"rows_written": {...}, **extra}; the result line adds the Iceberg
    commits the job made since the work began (unless `run` reports its own "commits"). Returns 0 or exits
    via fail(), every reason after `reason_prefix`.

    spark_first: start Spark before the work (silver, gold); else the work starts it when it needs it (bronze
    fetches first). stopped_before_writing: SIGTERM stops the job at once with this reason until the work
    writes inside `stop.deferred()`. stopped_after_commit: a SIGTERM noted during the work ends the job with
    this reason after its result line; without it (silver, gold) the job stops only at its checkpoints."""
    session = JobSession(app_name, args.warehouse, spark)
    stop = GracefulStop()
    try:
        if spark_first:
            session.get()
        started_ms = now_ms()
        stop.at_once_reason = stopped_before_writing
        with stop:
            result = run(args, session, stop)
        if "commits" not in result:
            result["commits"] = snapshot_commits(session.get(), result["rows_written"], started_ms)
        report_result(result.pop("rows_written"), **result)
    except StopRequested as exc:
        fail(f"{reason_prefix}{exc}", code=EXIT_TERMINATED)
    except Exception as exc:  # noqa: BLE001 - any failure ends the job with its reason
        if stop.requested and stop.at_once_reason is not None:
            # The stop raised inside a library (py4j turns it into a Py4JError while Spark starts): nothing was
            # written, so this is the stop, not a failure.
            fail(f"{reason_prefix}{stop.at_once_reason}", code=EXIT_TERMINATED)
        for failure in failures:
            if isinstance(exc, failure.types):
                fail(f"{reason_prefix}{failure.label}{exc}", code=failure.code)
        fail(f"{reason_prefix}{type(exc).__name__}: {exc}")
    if stop.requested and stopped_after_commit is not None:
        fail(f"{reason_prefix}{stopped_after_commit}", code=EXIT_TERMINATED)
    return 0
