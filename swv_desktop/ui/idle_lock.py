"""The lock after idle time: the windows hide what they show until the user gives her password.

``IdleLock`` watches the application's keyboard and mouse events; after ``idle_seconds`` without
any (default 10 minutes, ``--vergrendel-na MINUTEN``) it locks: every open window of the program
(the main window and any form on top of it) is covered by a plain panel, its title no longer
names anything, the database's connections are closed and the data key is dropped
(``Gate.lock``). An unlock dialog asks the same user's password; the key comes back from her key
slot and the panels go away: what was typed in an open form, but not saved, is still there.
"Afmelden" in the unlock dialog signs out instead (unsaved input is then lost). In the access
log a lock is a sign-out ("Vergrendeld na inactiviteit", written before the key goes) and an
unlock a sign-in, so a sign-out from the lock screen, which cannot write, is already there.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent
from PySide6.QtCore import QObject
from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop.errors import KnownError
from swv_desktop.services import toegangslog
from swv_desktop.services.common import Actor
from swv_desktop.services.toegang import Gate
from swv_desktop.ui.signin import SignInDialog

DEFAULT_IDLE_MINUTES = 10
TICK_MS = 5_000
LOCKED_TITLE = "Vergrendeld – Maatwerkbudget"
LOCKED_LOG = "Vergrendeld na inactiviteit"
"""The access log's sign-out line of a lock (the unlock is logged as a sign-in)."""
ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class LockPanel(QWidget):
    """Covers one window's content while the program is locked."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("vergrendeld")
        self.setAutoFillBackground(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        label = QLabel("Vergrendeld\n\nMeld u opnieuw aan om verder te werken.")
        label.setObjectName("paginatitel")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        self.cover()

    def cover(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.OtherFocusReason)


class UnlockDialog(SignInDialog):
    """The sign-in dialog of the locked program: only the signed-in user's password; Escape or
    the window's cross do nothing (unsaved input stays), "Afmelden" signs out."""

    sign_out_chosen = Signal()

    def __init__(self, gate: Gate, actor: Actor, *, demo: bool = False) -> None:
        super().__init__(gate, demo=demo, username=actor.gebruikersnaam, title="Ontgrendelen")
        self.setObjectName("ontgrendelen")
        self.username.setReadOnly(True)  # another user: "Wisselen van gebruiker" after sign-out
        for button in self.findChildren(QPushButton):  # the demo box: her own account only
            name = button.objectName()
            if name.startswith("demo_") and name != f"demo_{actor.gebruikersnaam}":
                button.hide()
        self.cancel_button.setText("Afmelden")
        self.sign_in_button.setText("Ontgrendelen")
        self.cancel_button.setObjectName("knop_afmelden")
        self.buttons.rejected.disconnect()
        self.buttons.rejected.connect(self.sign_out_chosen.emit)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)

    def reject(self) -> None:
        """Not closed by Escape: it goes away by unlocking or signing out."""


class IdleLock(QObject):
    """Locks ``window`` (and every other window of the program) after idle time; see the module
    docstring. ``clock`` gives seconds (``time.monotonic``; tests inject their own)."""

    locked_changed = Signal(bool)
    sign_out_requested = Signal()

    def __init__(
        self,
        window: QWidget,
        gate: Gate,
        actor: Actor,
        *,
        idle_seconds: float = DEFAULT_IDLE_MINUTES * 60,
        clock: Callable[[], float] = time.monotonic,
        tick_ms: int = TICK_MS,
        demo: bool = False,
    ) -> None:
        super().__init__(window)
        self.window, self.gate, self.actor = window, gate, actor
        self.idle_seconds, self.clock, self.demo = idle_seconds, clock, demo
        self.last_activity = clock()
        self.panels: list[LockPanel] = []
        self.titles: dict[QWidget, str] = {}
        self.dialog: UnlockDialog | None = None
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)
        self.timer.start(tick_ms)
        window.destroyed.connect(self.stop)

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def stop(self) -> None:
        """No more locking (the window closes)."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in ACTIVITY and not self.is_locked:
            self.last_activity = self.clock()
        return False

    def tick(self) -> None:
        """Lock when the idle time has passed."""
        if not self.is_locked and self.clock() - self.last_activity >= self.idle_seconds:
            self.lock()

    def lock(self) -> None:
        """Cover every window, drop the key and ask for the password."""
        if self.is_locked:
            return
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and not isinstance(widget, SignInDialog):
                self.titles[widget] = widget.windowTitle()
                widget.setWindowTitle(LOCKED_TITLE)
                self.panels.append(LockPanel(widget))
        if self.gate.db is not None:  # the lock ends the session in the log; unlocking signs in
            with contextlib.suppress(KnownError):  # nothing logged is no reason not to lock
                toegangslog.afmelding(self.gate.db, self.actor, waar=LOCKED_LOG)
        self.gate.lock()
        dialog = UnlockDialog(self.gate, self.actor, demo=self.demo)
        dialog.accepted.connect(self._unlocked)
        dialog.sign_out_chosen.connect(self._sign_out)
        self.dialog = dialog
        self.locked_changed.emit(True)
        dialog.show()
        dialog.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def _unlocked(self) -> None:
        dialog = self.dialog
        if dialog is None or dialog.actor is None:
            return
        if dialog.actor.id != self.actor.id:  # the field is read-only; never another's window
            self.gate.lock()
            dialog.show_message("Alleen de aangemelde gebruiker kan ontgrendelen.")
            dialog.show()
            return
        self.dialog = None
        dialog.deleteLater()
        for panel in self.panels:
            if shiboken6.isValid(panel):
                panel.deleteLater()
        self.panels.clear()
        for widget, title in self.titles.items():
            if shiboken6.isValid(widget):
                widget.setWindowTitle(title)
        self.titles.clear()
        self.last_activity = self.clock()
        reload = getattr(self.window, "reload_current", None)
        if callable(reload):
            reload()
        self.locked_changed.emit(False)

    def _sign_out(self) -> None:
        if self.dialog is None:
            return
        self.dialog.done(0)
        self.dialog.deleteLater()
        self.dialog = None
        for widget in QApplication.topLevelWidgets():  # open forms close unasked: signed out
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.done(0)
        self.sign_out_requested.emit()
