"""Drive a modal dialog's ``exec`` as a person would: a list of steps run one after the other on
a timer, each waiting until what it needs is on the screen (the window tests of the team)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QWidget

Step = Callable[[QWidget | None], bool]
"""Gets the active modal window (or None); acts and returns True when that window is its own."""


def drive(steps: list[Step], seconds: float = 90) -> QTimer:
    """Run ``steps`` on a timer while a modal dialog's ``exec`` runs; after ``seconds`` the
    modal window still open is closed, so a step that never matches cannot hang the suite."""
    timer = QTimer()
    deadline = time.monotonic() + seconds

    def tick() -> None:
        modal = QApplication.activeModalWidget()
        if not steps or time.monotonic() > deadline:
            timer.stop()
            if steps and modal is not None:
                modal.close()  # gave up: never hang the suite
            return
        if steps[0](modal):
            steps.pop(0)

    timer.timeout.connect(tick)
    timer.start(50)
    return timer
