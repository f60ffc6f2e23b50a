"""The idle lock, unlocking, signing out and switching user, driven as a person would: after the
idle time (an injected clock) the window is covered and the database's key put away; the same
user's password brings back the window with what she had typed; "Afmelden" on the lock screen or
in the menu closes the window; "Wisselen van gebruiker" lets another user open the file."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from swv_desktop.errors import ProgramLocked
from swv_desktop.models import Toegang
from swv_desktop.models import ToegangActie
from swv_desktop.services import instellingen
from swv_desktop.services.auth import FAILED_MESSAGE
from swv_desktop.services.toegang import Gate
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.idle_lock import LOCKED_LOG
from swv_desktop.ui.idle_lock import LOCKED_TITLE
from swv_desktop.ui.idle_lock import IdleLock
from swv_desktop.ui.idle_lock import LockPanel
from swv_desktop.ui.idle_lock import UnlockDialog
from swv_desktop.ui.lists import ListScreen
from swv_desktop.ui.main_window import MainWindow
from swv_desktop.ui.signin import SignInDialog

from .fixtures import PASSWORD
from .fixtures import Seed

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
IDLE_S = 60.0


class Session:
    """The signed-in window of one test, with the lock on a clock the test moves."""

    def __init__(self, qtbot: QtBot, gate: Gate) -> None:
        self.now = 1_000.0
        actor = gate.sign_in("pd", PASSWORD)
        assert gate.db is not None
        self.gate, self.db = gate, gate.db
        self.window = MainWindow(UiContext(db=gate.db, actor=actor, clock=gate.db.clock))
        qtbot.addWidget(self.window)
        with qtbot.waitSignal(self.window.dashboard.data_shown, timeout=10_000):
            self.window.show()
        self.lock = IdleLock(
            self.window, gate, actor, idle_seconds=IDLE_S, clock=lambda: self.now, tick_ms=20
        )

    def unlock_dialog(self) -> UnlockDialog:
        dialog = self.lock.dialog
        assert isinstance(dialog, UnlockDialog) and dialog.isVisible()
        return dialog


@pytest.fixture
def session(qtbot: QtBot, gate: Gate, seed: Seed) -> Iterator[Session]:
    s = Session(qtbot, gate)
    yield s
    s.lock.stop()
    if s.lock.dialog is not None:
        s.lock.dialog.deleteLater()


def test_idle_time_locks_and_her_password_unlocks(qtbot: QtBot, session: Session) -> None:
    window = session.window
    screen = window.show_page("leerlingen")
    assert isinstance(screen, ListScreen)
    qtbot.keyClicks(screen.search, "Jans")  # typed: it has to survive the lock
    qtbot.wait(400)  # the list has filtered (the search waits for a pause in typing)
    session.now += IDLE_S - 1
    qtbot.wait(100)
    assert not session.lock.is_locked  # a minute less one second: still open
    session.now += 2
    qtbot.waitUntil(lambda: session.lock.is_locked, timeout=2_000)

    assert window.windowTitle() == LOCKED_TITLE
    panel = window.findChild(LockPanel)
    assert panel is not None and panel.isVisible() and panel.geometry() == window.rect()
    assert session.gate.locked and session.db.key is None  # the key is put away
    with pytest.raises(ProgramLocked):
        instellingen.get_settings(session.db)

    dialog = session.unlock_dialog()
    assert dialog.username.text() == "pd" and dialog.username.isReadOnly()
    qtbot.keyClicks(dialog.password, "niet-haar-wachtwoord")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=10_000)
    assert dialog.message.text() == FAILED_MESSAGE and session.lock.is_locked
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Escape does not get her past the lock
    assert dialog.isVisible()

    qtbot.waitUntil(lambda: dialog.sign_in_button.isEnabled(), timeout=10_000)
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(session.lock.locked_changed, timeout=10_000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert not session.lock.is_locked and not session.gate.locked
    qtbot.waitUntil(lambda: window.findChild(LockPanel) is None, timeout=2_000)
    assert window.windowTitle() != LOCKED_TITLE
    assert screen.search.text() == "Jans"  # what she typed is still there
    assert instellingen.get_settings(session.db).naam is not None  # the database reads again
    with session.db.read() as s:  # in the access log: the lock a sign-out, the unlock a sign-in
        signing = Toegang.actie.in_([ToegangActie.AFMELDEN, ToegangActie.AANMELDEN])
        last = s.scalars(select(Toegang).where(signing).order_by(Toegang.id.desc()).limit(2)).all()
        assert [(t.actie, t.omschrijving) for t in reversed(last)] == [
            (ToegangActie.AFMELDEN, LOCKED_LOG),
            (ToegangActie.AANMELDEN, "Met het wachtwoord"),
        ]


def test_activity_keeps_the_window_open(qtbot: QtBot, session: Session) -> None:
    for _ in range(3):
        session.now += IDLE_S - 5
        qtbot.keyClick(session.window.nav, Qt.Key.Key_Down)  # she is working
        qtbot.wait(60)
    assert not session.lock.is_locked


def test_afmelden_on_the_lock_screen_closes_the_window(qtbot: QtBot, session: Session) -> None:
    session.lock.sign_out_requested.connect(
        lambda: session.window.leave_session("afmelden", ask=False)
    )
    session.lock.lock()
    dialog = session.unlock_dialog()
    with qtbot.waitSignal(session.lock.sign_out_requested, timeout=2_000):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.cancel_button.text() == "Afmelden"
    assert not session.window.isVisible() and session.window.leave == "afmelden"


def test_menu_afmelden_closes_the_window(qtbot: QtBot, session: Session) -> None:
    assert session.window.sign_out_action in session.window.file_menu.actions()
    session.window.sign_out_action.trigger()
    assert not session.window.isVisible() and session.window.leave == "afmelden"


def test_wisselen_van_gebruiker_lets_another_user_open_the_file(
    qtbot: QtBot, session: Session, seed: Seed
) -> None:
    assert session.window.switch_action in session.window.file_menu.actions()
    session.window.switch_action.trigger()
    assert not session.window.isVisible() and session.window.leave == "wisselen"
    session.gate.lock()  # what the application does next (ui/app.py)
    assert session.gate.locked
    dialog = SignInDialog(session.gate, title="Wisselen van gebruiker")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "cp1")
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is not None and dialog.actor.id == seed.users["cp1"]
    assert not session.gate.locked
    assert instellingen.get_settings(session.db).naam is not None
    QApplication.processEvents()
