"""SIGTERM is honoured at the next commit boundary, never in the middle of one."""
import os
import signal

import pytest

from jobs.common.graceful_stop import GracefulStop, StopRequested


def test_sigterm_is_deferred_to_the_next_checkpoint():
    before = signal.getsignal(signal.SIGTERM)
    with GracefulStop() as stop:
        stop.checkpoint("nothing yet")  # no signal: carries on
        os.kill(os.getpid(), signal.SIGTERM)
        assert stop.requested  # the process is still alive: the handler only took note
        with pytest.raises(StopRequested, match="after 2 tables"):
            stop.checkpoint("2 tables")
    assert signal.getsignal(signal.SIGTERM) == before


def test_a_stop_that_a_library_turned_into_another_error_is_still_the_stop(capsys):
    # SIGTERM while bronze starts Spark: the handler's StopRequested is raised inside py4j, which answers with a
    # Py4JError. Nothing was written, so the job ends as stopped (143, the before-writing reason), not failed (1).
    import argparse

    from jobs.common.job_main import EXIT_TERMINATED, run_job

    def run(_args, _session, stop):
        try:
            os.kill(os.getpid(), signal.SIGTERM)
        except StopRequested:
            raise RuntimeError("An error occurred while calling None.JavaSparkContext") from None
        return {"rows_written": {}}

    with pytest.raises(SystemExit) as exited:
        run_job("t", argparse.Namespace(warehouse=None), None, run, reason_prefix="bronze: ", spark_first=False,
                stopped_before_writing="stopped by SIGTERM before writing; the table is untouched")
    assert exited.value.code == EXIT_TERMINATED
    assert capsys.readouterr().err.strip().endswith("BACKFILL_FAILED bronze: stopped by SIGTERM before writing; the table is untouched")
