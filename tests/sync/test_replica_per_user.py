"""Two colleagues on one laptop each have their own replica (issue 12): a file of her own in the
data folder, encrypted with a key slot for her own password only, holding her own scope. The
first-run window puts the first one's replica there; at the next start the window asks who
works (``ui.team_choose``) and the second joins beside her; signing in as one never opens the
other's file. Real server process, real encrypted files, the windows clicked as a person
would. ``SWV_SCREENSHOTS=DIR`` keeps the chooser as a PNG file."""

from __future__ import annotations

import argparse
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from swv_desktop import paths
from swv_desktop.encryption.keyslots import KeyFile
from swv_desktop.encryption.keyslots import sidecar_path
from swv_desktop.errors import AuthenticationFailed
from swv_desktop.errors import KnownError
from swv_desktop.models import Leerling
from swv_desktop.services.toegang import Gate
from swv_desktop.sync import aansluiten
from swv_desktop.sync import status
from swv_desktop.sync.apparaat_bestanden import is_user_replica
from swv_desktop.sync.apparaat_bestanden import replica_path
from swv_desktop.sync.apparaat_bestanden import replicas_in
from swv_desktop.sync.client import open_replica
from swv_desktop.ui import app
from swv_desktop.ui import launch
from swv_desktop.ui.first_run import FirstRunWizard
from swv_desktop.ui.team_choose import ChooseUserDialog
from swv_desktop.ui.team_choose import choose_start
from swv_desktop.ui.team_join import JoinTeamDialog

from .harness import PASSWORD
from .harness import Team
from .modal_steps import drive

pytestmark = [
    pytest.mark.qt_log_ignore("propagateSizeHints", "This plugin does not support"),
    pytest.mark.usefixtures("drained_workers"),
]


def _fill_join(qtbot: QtBot, address: str, user: str) -> Callable[[QWidget | None], bool]:
    def step(modal: QWidget | None) -> bool:
        if not isinstance(modal, JoinTeamDialog):
            return False
        qtbot.keyClicks(modal.address, address)
        qtbot.keyClicks(modal.user, user)
        qtbot.keyClicks(modal.secret, PASSWORD)
        modal.join_button.click()
        return True

    return step


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes() + sidecar_path(path).read_bytes()).hexdigest()


def _schools(gate: Gate) -> set[int]:
    assert gate.db is not None
    with gate.db.read() as session:
        return set(session.scalars(select(Leerling.school_id).distinct()))


def test_two_users_join_on_one_laptop_each_with_her_own_replica(
    online: Team, tmp_path: Path
) -> None:
    team = online
    mine, hers = replica_path(tmp_path, "cp1"), replica_path(tmp_path, "cp2")
    assert aansluiten.join_team(mine, team.server.address, "cp1", PASSWORD).error == ""
    kept = _digest(mine)
    assert aansluiten.join_team(hers, team.server.address, "cp2", PASSWORD).error == ""
    assert _digest(mine) == kept  # her colleague's join left her file as it was
    assert replicas_in(tmp_path) == {"cp1": mine, "cp2": hers}
    assert KeyFile.load(sidecar_path(mine)).account_names() == ["cp1"]  # her slot only
    assert KeyFile.load(sidecar_path(hers)).account_names() == ["cp2"]
    for path, user, other in ((mine, "cp1", "cp2"), (hers, "cp2", "cp1")):
        with pytest.raises(AuthenticationFailed):  # the other's name and password: refused
            open_replica(path, other, PASSWORD)
        with pytest.raises(KnownError):
            Gate(path).sign_in(other, PASSWORD)
        gate = Gate(path)
        gate.sign_in(user, PASSWORD)
        expected = team.school_a if user == "cp1" else team.school_b
        assert _schools(gate) == {expected}  # her own scope, nothing of the other's school
        gate.sign_out()
    a = open_replica(mine, "cp1", PASSWORD)
    b = open_replica(hers, "cp2", PASSWORD)
    try:
        assert a.key != b.key  # two data keys: one file's key never opens the other
    finally:
        a.close()
        b.close()


def test_the_light_start_leaves_the_choice_to_the_full_start_on_a_shared_laptop(
    tmp_path: Path,
) -> None:
    default = paths.default_db_path(tmp_path)
    default.write_bytes(b"x")  # a standalone file of this laptop
    args = argparse.Namespace(db=None, demo=False, smoke=False, smoke_signin=False)
    named = replica_path(tmp_path, "Kees.Contact")
    assert named.name == "team-replica-kees.contact.db" and is_user_replica(named)
    named.write_bytes(b"x")
    assert replicas_in(tmp_path) == {}  # without its key file it is no replica (yet)
    sidecar_path(named).write_bytes(b"{}")
    aansluiten.building_path(replica_path(tmp_path, "bouw")).write_bytes(b"x")
    assert list(replicas_in(tmp_path)) == ["kees.contact"]  # one being built is not listed
    assert launch._light_start_possible(args, default) is None


def test_first_run_then_a_colleague_joins_from_the_start_window(
    qtbot: QtBot, online: Team, tmp_path: Path
) -> None:
    team = online
    default = paths.default_db_path(tmp_path)
    gate = Gate(default)  # a fresh laptop, no --db: the first-run window

    def choose_join(modal: QWidget | None) -> bool:
        if not isinstance(modal, FirstRunWizard):
            return False
        modal.button(QWizard.WizardButton.CustomButton1).click()
        return True

    driver = drive([choose_join, _fill_join(qtbot, team.server.address, "cp1")])
    signed = app.first_run(gate)
    driver.stop()
    assert signed is not None and signed[0].gebruikersnaam == "cp1"
    mine = replica_path(tmp_path, "cp1")
    assert gate.path == mine and not default.exists()  # her own file, named after her login
    assert gate.db is not None and status.is_replica(gate.db)
    assert _schools(gate) == {team.school_a}
    gate.sign_out()
    kept = _digest(mine)

    shots = os.environ.get("SWV_SCREENSHOTS")

    def see_chooser_then_join(modal: QWidget | None) -> bool:
        if not isinstance(modal, ChooseUserDialog):
            return False
        assert list(modal.buttons) == ["cp1"] and modal.standalone_button is None
        if shots:
            modal.grab().save(str(Path(shots) / "kies-gebruiker.png"))
        QTimer.singleShot(0, modal.join_button.click)  # its dialog runs after this tick
        return True

    driver = drive([see_chooser_then_join, _fill_join(qtbot, team.server.address, "cp2")])
    choice = choose_start(default)
    driver.stop()
    hers = replica_path(tmp_path, "cp2")
    assert choice is not None and choice.path == hers
    assert (choice.username, choice.password) == ("cp2", PASSWORD)
    assert _digest(mine) == kept and not default.exists()

    def pick(name: str) -> Callable[[QWidget | None], bool]:
        def step(modal: QWidget | None) -> bool:
            if not isinstance(modal, ChooseUserDialog):
                return False
            assert set(modal.buttons) == {"cp1", "cp2"}
            modal.buttons[name].click()
            return True

        return step

    driver = drive([pick("cp2")])
    choice = choose_start(default)
    driver.stop()
    assert choice is not None and choice.path == hers and choice.username == ""
    gate = Gate(choice.path)
    with pytest.raises(KnownError):  # her colleague's name on her file: refused
        gate.sign_in("cp1", PASSWORD)
    gate.sign_in("cp2", PASSWORD)
    assert _schools(gate) == {team.school_b}
    gate.sign_out()
    assert _digest(mine) == kept  # signing in as cp2 never opened cp1's replica


def test_joining_again_under_a_name_that_has_a_replica_here_is_refused(
    qtbot: QtBot, online: Team, tmp_path: Path
) -> None:
    mine = replica_path(tmp_path, "cp1")
    assert aansluiten.join_team(mine, online.server.address, "cp1", PASSWORD).error == ""
    kept = _digest(mine)
    dialog = JoinTeamDialog(paths.default_db_path(tmp_path), folder=tmp_path)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.address, online.server.address)
    qtbot.keyClicks(dialog.user, "cp1")
    qtbot.keyClicks(dialog.secret, PASSWORD)
    dialog.join_button.click()
    assert "Er staat al een replica van cp1 op deze laptop" in dialog.answer.text()
    assert dialog.join_button.isEnabled() and _digest(mine) == kept
