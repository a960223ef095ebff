"""SIGTERM handling for the silver and gold jobs: a stop request is honoured between commits.

Python runs a signal handler only between bytecodes, so a handler never interrupts a Spark
write in flight; the job finishes the commit it is in and stops before starting the next.
"""
from __future__ import annotations

import signal


class StopRequested(Exception):
    """Raised at a commit boundary after SIGTERM."""


class GracefulStop:
    def __init__(self) -> None:
        self.requested = False

    def install(self) -> "GracefulStop":
        signal.signal(signal.SIGTERM, self._on_signal)
        return self

    def _on_signal(self, signum, frame) -> None:  # noqa: ARG002
        self.requested = True

    def checkpoint(self, done_what: str) -> None:
        if self.requested:
            raise StopRequested(f"stopped on SIGTERM after {done_what}; every table is whole")
