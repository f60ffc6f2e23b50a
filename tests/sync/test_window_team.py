"""Joining and leaving the team in the window, against a real server process: a contactpersoon
on a fresh laptop joins from the first-run window (a wrong password first: refused, nothing
left behind) and is signed in on her replica; on a team laptop she leaves the team from the Team
dialog while a change still waits (she is told, and chooses to throw it away): the replica and
its keys are gone and the window closes for a fresh start."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QWidget
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import func
from sqlalchemy import select

from swv_desktop.encryption.keyslots import sidecar_path
from swv_desktop.models import Beoordeling
from swv_desktop.models import Leerling
from swv_desktop.services import voortgang
from swv_desktop.services.toegang import Gate
from swv_desktop.sync import status
from swv_desktop.ui import app
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.first_run import FirstRunWizard
from swv_desktop.ui.main_window import MainWindow
from swv_desktop.ui.team_join import JoinTeamDialog
from swv_desktop.ui.team_leave import LEAVE
from swv_desktop.ui.team_panel import TeamDialog
from swv_desktop.ui.team_sync import TeamSync

from .harness import PASSWORD
from .harness import Team
from .harness import today
from .modal_steps import drive

pytestmark = [
    pytest.mark.usefixtures("drained_workers"),
    pytest.mark.qt_log_ignore("propagateSizeHints", "This plugin does not support"),
]


def test_a_contactpersoon_joins_the_team_from_the_first_run_window(
    qtbot: QtBot, online: Team
) -> None:
    team = online
    path = team.folder / "nieuwe-laptop.db"
    gate = Gate(path)
    assert not gate.exists  # a fresh laptop: the first-run window

    def choose_join(modal: QWidget | None) -> bool:
        if not isinstance(modal, FirstRunWizard):
            return False
        button = modal.button(QWizard.WizardButton.CustomButton1)
        assert button.text() == "Aansluiten bij een team-server…"
        button.click()
        return True

    def wrong_password(modal: QWidget | None) -> bool:
        if not isinstance(modal, JoinTeamDialog):
            return False
        qtbot.keyClicks(modal.address, team.server.address)
        qtbot.keyClicks(modal.user, "cp1")
        qtbot.keyClicks(modal.secret, "niet-mijn-wachtwoord")
        modal.join_button.click()
        return True

    def refused_then_right_password(modal: QWidget | None) -> bool:
        assert isinstance(modal, JoinTeamDialog)
        if not modal.join_button.isEnabled() or "onjuist" not in modal.answer.text():
            return False
        assert not path.exists() and not sidecar_path(path).exists()  # nothing left behind
        modal.secret.clear()
        qtbot.keyClicks(modal.secret, PASSWORD)
        modal.join_button.click()
        return True

    driver = drive([choose_join, wrong_password, refused_then_right_password])
    signed = app.first_run(gate)
    driver.stop()
    assert signed is not None
    actor, secret = signed
    assert actor.gebruikersnaam == "cp1" and secret == PASSWORD
    assert gate.db is not None and status.is_replica(gate.db)
    with gate.db.read() as s:  # her school's pupils are here, the other school's not
        schools = set(s.scalars(select(Leerling.school_id).distinct()))
        assert schools == {team.school_a}
        assert (s.scalar(select(func.count()).select_from(Leerling)) or 0) > 0
    gate.sign_out()


def test_leaving_the_team_from_the_window(qtbot: QtBot, online: Team) -> None:
    team = online
    laptop = team.laptop("cp1", "cp1-verlaat")
    assert laptop.sync_round().exit_code == 0
    path = laptop.db.path
    assert path is not None
    team.server.stop()  # offline: her talk waits in the outbox
    laptop.go_offline()
    voortgang.record_gesprek(
        laptop.db,
        laptop.actor,
        team.award_a,
        voortgang.VoortgangInput(today(), "mentor", "Nog niet verstuurd", Beoordeling.GOED),
    )
    sync = TeamSync(None, laptop, interval_ms=60_000)
    ctx = UiContext(db=laptop.db, actor=laptop.actor, clock=laptop.db.clock, team=sync)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    dialog = TeamDialog(ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    told: list[str] = []

    def confirm(modal: QWidget | None) -> bool:
        if not isinstance(modal, QMessageBox):
            return False
        told.append(modal.text())
        yes = modal.findChild(QPushButton, "team_verlaten_ja")
        assert yes is not None and yes.text() == "Weggooien en team verlaten"
        yes.click()
        return True

    driver = drive([confirm])
    dialog.panel.leave_button.click()
    driver.stop()
    assert told and "1 wijziging wacht nog op verzending" in told[0]
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert window.leave == LEAVE and not dialog.isVisible()
    assert not path.exists() and not sidecar_path(path).exists()
