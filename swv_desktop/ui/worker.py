"""Run slow work off the GUI thread (Anki's QueryOp style).

``run_in_background(parent, work, on_success, on_failure)`` runs ``work()`` in the global
``QThreadPool`` and calls ``on_success(result)`` or ``on_failure(exc)`` back on the GUI thread.
``work`` must not touch widgets; services open their own sessions, so it may call services.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtCore import QThreadPool
from PySide6.QtCore import Signal

from swv_desktop.errors import ProgramLocked

log = logging.getLogger(__name__)

_RUNNING: set[_Relay] = set()
"""Relays of jobs in flight, kept alive until their result has been delivered."""


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits, the queued connection delivers there."""

    succeeded = Signal(object)
    failed = Signal(object)


def _run(work: Callable[[], Any], relay: _Relay) -> None:
    try:
        result = work()
    except Exception as exc:  # handed to the GUI thread
        relay.failed.emit(exc)
    else:
        relay.succeeded.emit(result)


def run_in_background(
    parent: QObject | None,
    work: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None] | None = None,
) -> None:
    """Start ``work`` on a pool thread; the callbacks run on the GUI thread.

    Without ``on_failure`` the exception is re-raised on the GUI thread, where the application's
    exception hook logs it and shows the calm error dialog. When ``parent`` (the widget that
    asked) has been deleted meanwhile, the callbacks are skipped.
    """
    relay = _Relay()
    _RUNNING.add(relay)

    def alive() -> bool:
        _RUNNING.discard(relay)
        relay.deleteLater()
        return parent is None or shiboken6.isValid(parent)

    def ok(result: Any) -> None:
        if alive():
            on_success(result)

    def fail(exc: BaseException) -> None:
        if isinstance(exc, ProgramLocked):  # locked while it ran: shown again after unlocking
            log.info("achtergrondtaak na vergrendelen niet afgemaakt")
            return
        if not alive():
            log.error("achtergrondtaak mislukt na sluiten van het venster", exc_info=exc)
            return
        if on_failure is None:
            raise exc
        on_failure(exc)

    relay.succeeded.connect(ok)
    relay.failed.connect(fail)
    QThreadPool.globalInstance().start(lambda: _run(work, relay))


def wait_for_all(msecs: int = 30_000) -> bool:
    """Wait until every background job has finished (for tests and shutdown)."""
    return QThreadPool.globalInstance().waitForDone(msecs)
