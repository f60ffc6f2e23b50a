"""Background work: results and errors come back on the GUI thread; a closed widget is not
called back."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from swv_desktop.errors import KnownError
from swv_desktop.ui.worker import run_in_background
from swv_desktop.ui.worker import wait_for_all


def test_success_and_failure_arrive_on_the_gui_thread(qtbot: QtBot) -> None:
    gui = threading.get_ident()
    seen: list[tuple[str, object, bool]] = []

    def work() -> int:
        assert threading.get_ident() != gui
        return 42

    def boom() -> int:
        raise KnownError("De database is bezet.")

    run_in_background(None, work, lambda r: seen.append(("ok", r, threading.get_ident() == gui)))
    run_in_background(
        None,
        boom,
        lambda r: seen.append(("ok", r, False)),
        lambda e: seen.append(("fout", str(e), threading.get_ident() == gui)),
    )
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert sorted(seen, key=str) == [("fout", "De database is bezet.", True), ("ok", 42, True)]


def test_closed_widget_is_not_called_back(qtbot: QtBot) -> None:
    widget = QWidget()
    gate = threading.Event()
    seen: list[object] = []
    run_in_background(widget, lambda: gate.wait(5), seen.append)
    widget.deleteLater()
    qtbot.waitUntil(lambda: not _alive(widget))
    gate.set()
    wait_for_all()
    qtbot.wait(50)
    assert seen == []


def _alive(widget: QWidget) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)
