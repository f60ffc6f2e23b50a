"""The first paint of a window, for the light start and the smoke measurements (imports Qt only)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtCore import QObject
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QDialog

SMOKE_TIMEOUT_MS = 120_000


HEAVY = (
    "sqlalchemy",
    "sqlcipher3",
    "swv_desktop.db",
    "swv_desktop.services",
    "swv_desktop.ui.main_window",
    "swv_desktop.cli",
    "argon2",
    "cryptography",
    "babel",
    "reportlab",
    "openpyxl",
    "pypdfium2",
    "multiprocessing",
)
"""What the light start leaves out until the sign-in window is painted (the database, the
services, the main window, the batch commands, the password hash, the key wrapping, the
formatting, the PDF and Excel libraries, the letter workers)."""


class FirstPaint(QObject):
    """Calls ``done`` once, just after the first paint event of the widget it filters; ``at``
    is the ``time.perf_counter()`` of that event and ``heavy`` which of ``HEAVY`` were loaded."""

    def __init__(self, done: Callable[[], None]) -> None:
        super().__init__()
        self.done: Callable[[], None] | None = done
        self.at: float | None = None
        self.wall: float | None = None
        """``time.time()`` of the first paint: a benchmark compares it with when it started the
        process (``time.perf_counter`` only counts from inside it)."""
        self.heavy: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint and self.done is not None:
            self.at, self.wall = time.perf_counter(), time.time()
            self.heavy = [name for name in HEAVY if name in sys.modules]
            done, self.done = self.done, None
            QTimer.singleShot(0, done)
        return False


def smoke_signin(app: QApplication, dialog: QDialog, started: float) -> int:
    """Show the sign-in window, print the time to its first paint and exit 0."""

    def painted() -> None:
        seconds = (watcher.at or time.perf_counter()) - started
        print(f"smoke-signin: aanmeldvenster getekend in {seconds:.3f} s", flush=True)
        print(f"smoke-signin: al geladen: {', '.join(watcher.heavy) or 'niets zwaars'}", flush=True)
        print(f"smoke-signin: getekend om {watcher.wall or time.time():.6f}", flush=True)
        app.exit(0)

    def too_slow() -> None:
        print("smoke-signin: het aanmeldvenster verscheen niet op tijd", file=sys.stderr)
        app.exit(1)

    watcher = FirstPaint(painted)
    dialog.installEventFilter(watcher)
    QTimer.singleShot(SMOKE_TIMEOUT_MS, too_slow)
    dialog.show()
    code = int(app.exec())
    dialog.removeEventFilter(watcher)
    dialog.close()
    return code
