"""SIGTERM handling for jobs that write several commits (silver, gold): a stop request is honoured between commits.

Python runs a signal handler only between bytecodes, so a handler never interrupts a Spark
write in flight; the job finishes the commit it is in and stops before starting the next.
"""
from __future__ import annotations

import signal


class StopRequested(Exception):
    """Raised at a commit boundary after SIGTERM."""


class GracefulStop:
    """Context manager: SIGTERM sets `requested` while inside; the previous handler comes back on exit."""

    def __init__(self) -> None:
        self.requested = False
        self._previous = None

    def __enter__(self) -> "GracefulStop":
        self._previous = signal.signal(signal.SIGTERM, self._on_signal)
        return self

    def __exit__(self, *exc_info) -> None:
        signal.signal(signal.SIGTERM, self._previous if self._previous is not None else signal.SIG_DFL)

    def _on_signal(self, signum, frame) -> None:  # noqa: ARG002
        self.requested = True

    def checkpoint(self, done_what: str) -> None:
        if self.requested:
            raise StopRequested(f"stopped on SIGTERM after {done_what}; every table is whole")
