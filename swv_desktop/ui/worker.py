"""Run slow work off the GUI thread (Anki's QueryOp style).

``run_in_background(parent, work, on_success, on_failure)`` runs ``work()`` in the global
``QThreadPool`` and calls ``on_success(result)`` or ``on_failure(exc)`` back on the GUI thread.
``work`` must not touch widgets; services open their own sessions, so it may call services.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)

_RUNNING: set[_Job] = set()
"""Jobs in flight, kept alive until their callback has run."""


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits, the queued connection delivers on the GUI thread."""

    succeeded = Signal(object)
    failed = Signal(object)
    progress = Signal(str)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.work = work
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # handed to the GUI thread
            self._emit(self.relay.failed, exc)
        else:
            self._emit(self.relay.succeeded, result)

    @staticmethod
    def _emit(signal: Any, value: Any) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the parent widget was closed meanwhile: nobody to tell
            log.debug("achtergrondtaak klaar na sluiten van het venster")


def run_in_background(
    parent: QObject | None,
    work: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None] | None = None,
) -> _Relay:
    """Start ``work`` on a pool thread; callbacks run on the GUI thread.

    Without ``on_failure`` the exception is re-raised on the GUI thread, where the application's
    exception hook logs it and shows the calm error dialog. ``parent`` ties the relay's lifetime
    to a widget: when the widget is gone, the callbacks are not called.
    """
    relay = _Relay(parent)
    job = _Job(work, relay)

    def finish() -> None:
        _RUNNING.discard(job)
        relay.deleteLater()

    def ok(result: Any) -> None:
        finish()
        on_success(result)

    def fail(exc: BaseException) -> None:
        finish()
        if on_failure is None:
            raise exc
        on_failure(exc)

    relay.succeeded.connect(ok)
    relay.failed.connect(fail)
    _RUNNING.add(job)
    QThreadPool.globalInstance().start(job)
    return relay


def wait_for_all(msecs: int = 30_000) -> bool:
    """Wait until every background job has finished (for tests and shutdown)."""
    return QThreadPool.globalInstance().waitForDone(msecs)
