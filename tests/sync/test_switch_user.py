""" "Wisselen van gebruiker" on a laptop where two colleagues each have a replica of their own
(issue 12): the window of the one who leaves closes with her file, the start window asks again
who works, and the next colleague signs in on her own replica; her password never opens the
other's file. The whole start runs as the program runs it (``ui.app``), against a real server
process, the windows clicked and typed in as a person would."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from swv_desktop.sync import aansluiten
from swv_desktop.sync.apparaat_bestanden import replica_path
from swv_desktop.ui import app
from swv_desktop.ui.launch import database_path
from swv_desktop.ui.launch import parse_args
from swv_desktop.ui.main_window import MainWindow
from swv_desktop.ui.signin import SignInDialog
from swv_desktop.ui.team_choose import ChooseUserDialog

from .harness import PASSWORD
from .harness import Team
from .modal_steps import Step
from .modal_steps import drive

pytestmark = [
    pytest.mark.usefixtures("drained_workers"),
    pytest.mark.qt_log_ignore("propagateSizeHints", "This plugin does not support"),
]


def _pick(name: str, seen: list[set[str]]) -> Step:
    def step(modal: QWidget | None) -> bool:
        if not isinstance(modal, ChooseUserDialog):
            return False
        seen.append(set(modal.buttons))
        modal.buttons[name].click()
        return True

    return step


def _sign_in(qtbot: QtBot, user: str) -> Step:
    def step(modal: QWidget | None) -> bool:
        if not isinstance(modal, SignInDialog):
            return False
        modal.username.clear()
        qtbot.keyClicks(modal.username, user)
        qtbot.keyClicks(modal.password, PASSWORD)
        qtbot.keyClick(modal.password, Qt.Key.Key_Return)
        return True

    return step


def _in_window(act: str, users: list[str], files: list[Path]) -> Step:
    """In the main window once it is up (no modal open): note who is signed in on which file,
    then switch user (``act`` "wisselen") or close the window."""

    def step(modal: QWidget | None) -> bool:
        windows = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        if modal is not None or not windows:
            return False
        window = windows[0]
        users.append(window.ctx.actor.gebruikersnaam)
        assert window.ctx.db.path is not None
        files.append(Path(window.ctx.db.path))
        if act == "wisselen":
            window.switch_action.trigger()
        else:
            window.close()
        return True

    return step


def test_switching_user_asks_again_whose_replica_to_open(
    qtbot: QtBot, qapp: QApplication, online: Team, tmp_path: Path
) -> None:
    mine, hers = replica_path(tmp_path, "cp1"), replica_path(tmp_path, "cp2")
    for path, user in ((mine, "cp1"), (hers, "cp2")):
        assert aansluiten.join_team(path, online.server.address, user, PASSWORD).error == ""
    args = parse_args(["--data-dir", str(tmp_path)])
    seen: list[set[str]] = []
    users: list[str] = []
    files: list[Path] = []
    steps = [
        _pick("cp1", seen),
        _sign_in(qtbot, "cp1"),
        _in_window("wisselen", users, files),
        _pick("cp2", seen),  # the chooser again, not a sign-in on her colleague's file
        _sign_in(qtbot, "cp2"),
        _in_window("sluiten", users, files),
    ]
    driver = drive(steps, seconds=120)

    def never_hang() -> None:  # a step that never matched: close what is open
        for widget in QApplication.topLevelWidgets():
            widget.close()

    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(never_hang)
    guard.start(150_000)
    started = time.perf_counter()
    code = app._choose_and_run(qapp, args, started, database_path(args))
    guard.stop()
    driver.stop()
    assert code == 0 and not steps
    assert seen == [{"cp1", "cp2"}, {"cp1", "cp2"}]
    assert users == ["cp1", "cp2"]
    assert files == [mine, hers]  # each on her own replica
