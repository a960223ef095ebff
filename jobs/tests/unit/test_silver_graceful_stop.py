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
