"""SIGTERM handling for every job: a stop request is honoured where the job can stop with its tables whole.

Python runs a signal handler only between bytecodes, so a handler never interrupts a Spark write in flight.
By default SIGTERM only takes note and the job stops at its next `checkpoint` (silver and gold: between
commits). While `at_once_reason` is set (bronze while it fetches: nothing is written yet), SIGTERM raises
StopRequested at once; `deferred()` suspends that around a write, so the commit in progress finishes.
"""
from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

# What signal.signal() returns: a Python handler, SIG_DFL or SIG_IGN, or None (a handler not set from Python).
SignalHandler = Callable[[int, FrameType | None], Any] | int | None


class StopRequested(Exception):
    """Raised at a commit boundary after SIGTERM, or at once while nothing is being written."""


class GracefulStop:
    """Context manager: SIGTERM sets `requested` while inside; the previous handler comes back on exit."""

    def __init__(self) -> None:
        self.requested = False
        # When set, SIGTERM raises StopRequested(at_once_reason) in the handler instead of waiting for a checkpoint.
        self.at_once_reason: str | None = None
        self._installed = False
        self._previous: SignalHandler = None

    def __enter__(self) -> GracefulStop:
        try:
            self._previous = signal.signal(signal.SIGTERM, self._on_signal)
            self._installed = True
        except ValueError:  # not the main thread: leave signals alone
            self._installed = False
        return self

    def __exit__(self, *exc_info) -> None:
        if self._installed:
            signal.signal(signal.SIGTERM, self._previous if self._previous is not None else signal.SIG_DFL)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:  # noqa: ARG002
        self.requested = True
        if self.at_once_reason is not None:
            raise StopRequested(self.at_once_reason)

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Inside, SIGTERM only takes note: the write in progress finishes. A write that raised left the tables
        as they were, so SIGTERM stops at once again; after one that finished it never does, since the reason
        (say, "the table is untouched") would no longer be true."""
        reason, self.at_once_reason = self.at_once_reason, None
        try:
            yield
        except BaseException:
            self.at_once_reason = reason
            raise

    def checkpoint(self, done_what: str) -> None:
        if self.requested:
            raise StopRequested(f"stopped on SIGTERM after {done_what}; every table is whole")
