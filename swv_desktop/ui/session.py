"""What runs beside the main window of a session: the background check of a large file, the
idle lock, the daily purge, a wiped team replica, and the smoke test's exit once the dashboard
shows its figures."""

from __future__ import annotations

import argparse
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QMessageBox

from swv_desktop.db import Database
from swv_desktop.services.bewaren import PurgeResult
from swv_desktop.services.common import Actor
from swv_desktop.services.toegang import Gate
from swv_desktop.ui.auto_backup import AutoBackup
from swv_desktop.ui.auto_purge import FIRST_DELAY_MS
from swv_desktop.ui.auto_purge import AutoPurge
from swv_desktop.ui.auto_purge import status_text
from swv_desktop.ui.first_paint import SMOKE_TIMEOUT_MS
from swv_desktop.ui.idle_lock import IdleLock
from swv_desktop.ui.main_window import MainWindow


def watch_file_check(window: MainWindow, db: Database) -> None:
    """A large database is checked after opening (on its own thread, started once the dashboard
    is painted): a timer on the window looks every 200 ms and shows the message when damage is
    found (writes are refused then)."""
    check = db.file_check
    if check is None:
        return
    # reading the whole file waits until the dashboard is painted (never on the sign-in path)
    window.dashboard.data_shown.connect(check.begin)
    timer = QTimer(window)

    def look() -> None:
        if not check.done:
            return
        timer.stop()
        if check.error is not None:
            QMessageBox.critical(window, "Database beschadigd", check.error.message)

    timer.timeout.connect(look)
    timer.start(200)


def replica_wiped(window: MainWindow, reason: str) -> None:
    """The server had this laptop wipe its replica: say why, close the window at once."""
    QMessageBox.critical(
        window,
        "Gegevens gewist",
        f"{reason}\n\nDe volgende keer dat u swv-desktop start, begint het met het "
        "startvenster: meld u dan aan of maak opnieuw een replica als de beheerder dat toestaat.",
    )
    window.leave_session("gewist", ask=False)


def arm_lock(
    window: MainWindow, gate: Gate, actor: Actor, args: argparse.Namespace, auto: AutoBackup | None
) -> IdleLock:
    """The idle lock of ``window``: "Afmelden" on the lock screen closes it unasked; no
    automatic backups while the key is put away."""
    lock = IdleLock(window, gate, actor, idle_seconds=args.idle_minutes * 60, demo=args.demo)
    lock.sign_out_requested.connect(lambda: window.leave_session("afmelden", ask=False))
    if auto is not None:
        db = window.ctx.db
        lock.locked_changed.connect(lambda on: auto.set_key(None if on else db.key))
    return lock


def arm_purge(
    window: MainWindow, db: Database, actor: Actor, *, first_delay_ms: int = FIRST_DELAY_MS
) -> AutoPurge:
    """The daily purge of ``window``: armed when the dashboard has shown its figures (never on
    the sign-in path), its result in the status bar."""
    purger = AutoPurge(db, actor, window, first_delay_ms=first_delay_ms)
    window.dashboard.data_shown.connect(purger.start)

    def shown(result: PurgeResult) -> None:
        text = status_text(result)
        if text:
            window.statusBar().showMessage(text, 30_000)

    purger.finished.connect(shown)
    return purger


def arm_smoke(
    app: QApplication,
    window: MainWindow,
    started: float,
    signed_in: tuple[float, float, float] | None,
) -> None:
    """Exit once the dashboard shows its figures, printing the time from the start of the
    program and, after a sign-in, from the moment the account was accepted (the figure of the
    0.4 s goal: opening the main window and painting the dashboard), with the sign-in itself
    (password check and key unwrap) apart, and the processor time of the process after the
    sign-in (all its threads: what a loaded machine's waiting adds is not in it)."""

    def shown() -> None:
        now = time.perf_counter()
        line = f"smoke: dashboard getoond in {now - started:.2f} s"
        if signed_in is not None:
            line += (
                f"; na aanmelden {now - signed_in[1]:.3f} s"
                f" (aanmelden zelf {signed_in[1] - signed_in[0]:.3f} s;"
                f" processortijd na aanmelden {time.process_time() - signed_in[2]:.3f} s)"
            )
        print(line, flush=True)
        QTimer.singleShot(0, lambda: app.exit(0))

    def too_slow() -> None:
        print("smoke: het dashboard verscheen niet op tijd", file=sys.stderr, flush=True)
        app.exit(1)

    window.dashboard.data_shown.connect(shown)
    QTimer.singleShot(SMOKE_TIMEOUT_MS, too_slow)
