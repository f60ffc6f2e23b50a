"""The window on a team laptop, against a real server process: signed in and online, the server
stops (the status line says offline), a progress talk recorded in the window waits in the outbox,
the server comes back and the talk arrives there by itself; a colleague's new aanvraag shows up
in the open list after the next pull."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from swv_desktop.models import Leerling
from swv_desktop.models import Voortgangsgesprek
from swv_desktop.opening import open_database
from swv_desktop.services import leerlingen
from swv_desktop.services.aanvragen import use_cases as aanvragen
from swv_desktop.sync.client import Laptop
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs.aanvraag_form import AanvraagDialog
from swv_desktop.ui.dialogs.voortgang_dialog import VoortgangDialog
from swv_desktop.ui.main_window import MainWindow
from swv_desktop.ui.team_panel import TeamDialog
from swv_desktop.ui.team_panel import TeamPanel
from swv_desktop.ui.team_sync import TeamSync
from swv_desktop.ui.worker import wait_for_all

from .harness import PASSWORD
from .harness import Team
from .harness import add_pupil
from .harness import draft

pytestmark = [
    pytest.mark.usefixtures("drained_workers"),
    pytest.mark.qt_log_ignore("propagateSizeHints", "This plugin does not support"),
]


def test_offline_in_the_window_and_back(qtbot: QtBot, online: Team) -> None:
    team = online
    laptop = team.laptop("cp1", "cp1-venster")
    assert laptop.sync_round().exit_code == 0  # the first sync (Beheer > Server, or the CLI)
    sync = TeamSync(None, laptop, interval_ms=150)
    ctx = UiContext(db=laptop.db, actor=laptop.actor, clock=laptop.db.clock, team=sync)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    line = window.findChild(QLabel, "status_team")
    assert line is not None
    qtbot.waitUntil(lambda: " · online · " in line.text(), timeout=20_000)

    team.server.stop()  # offline: the server process is gone
    qtbot.waitUntil(lambda: " · offline · " in line.text(), timeout=20_000)

    form = AanvraagDialog(ctx, team.award_a)
    qtbot.addWidget(form)
    form.show()
    form.tabs.setCurrentWidget(form.voortgang)
    qtbot.mouseClick(form.voortgang.button, Qt.MouseButton.LeftButton)
    talk = form.workflow.child
    assert isinstance(talk, VoortgangDialog)
    talk.deelnemers.clear()
    qtbot.keyClicks(talk.deelnemers, "Mentor, ouders")
    qtbot.keyClicks(talk.notities, "Op school besproken zonder netwerk.")
    qtbot.mouseClick(talk.save_button, Qt.MouseButton.LeftButton)
    window.refresh_team_status()
    assert "· 1 te versturen ·" in line.text()
    with laptop.db.read() as s:  # the window shows it at once, from the replica
        assert s.scalar(
            select(Voortgangsgesprek.id).where(
                Voortgangsgesprek.notities == "Op school besproken zonder netwerk."
            )
        )
    form.close()

    page = window.show_page("aanvragen")
    before = page.model.rowCount()
    team.server.start()  # back: the talk goes by itself
    qtbot.waitUntil(lambda: " · online · niets te versturen" in line.text(), timeout=30_000)
    with team.db.read() as s:
        [arrived] = s.scalars(
            select(Voortgangsgesprek).where(
                Voortgangsgesprek.notities == "Op school besproken zonder netwerk."
            )
        ).all()
        assert arrived.aanvraag_id == team.award_a

    # a colleague (cp1 on her other laptop) records a new aanvraag on the server
    other = team.laptop("cp1", "cp1-tweede")
    assert other.sync_round().exit_code == 0  # its first sync
    pupil = add_pupil(other.db, other.actor, "W0001", team.school_a)
    aanvragen.create_aanvraag(
        other.db, other.actor, draft(other.actor, team.schooljaar_id, team.school_a, pupil, 9_000)
    )
    assert other.sync_round().exit_code == 0
    other.close()
    qtbot.waitUntil(lambda: page.model.rowCount() == before + 1, timeout=30_000)

    window.close()
    wait_for_all()
    laptop.close()


def test_niet_verwerkt_in_the_window(qtbot: QtBot, online: Team) -> None:
    """A stale edit is refused: the Team dialog lists it with the Dutch reason and both values;
    resend keeps her value on the server's version, discard drops another one."""
    team = online
    cp = team.laptop("cp1", "cp1-nv")
    other = team.laptop("cp1", "cp1-nv-2")  # her other laptop
    assert cp.sync_round().exit_code == 0 and other.sync_round().exit_code == 0
    pupil_id = _stale_edit(cp, other, "A0001", tussenvoegsel="van", plaats_leerjaar=4)
    assert cp.sync_round().exit_code == 1
    sync = TeamSync(None, cp, interval_ms=60_000)
    ctx = UiContext(db=cp.db, actor=cp.actor, clock=cp.db.clock, team=sync)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "1 niet verwerkt" in window.team_status.text(), timeout=20_000)
    dialog = TeamDialog(ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    panel = dialog.panel
    assert panel.model.rowCount() == 1
    assert panel.model.rows[0][0] == "Leerling opslaan"
    assert "intussen gewijzigd door Carla Contact" in panel.model.rows[0][1]  # who, when
    values = {row[0]: row[1:] for row in panel.details.rows}
    assert values["Tussenvoegsel"] == ("van", "")  # hers, and the server's (none)
    assert values["Leerjaar"] == ("2", "4")
    assert {r[0] for r in panel.details.rows[:2]} == {"Tussenvoegsel", "Leerjaar"}  # first
    qtbot.mouseClick(panel.resend_button, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 0
    assert cp.waiting()  # her change again, now on the server's version, sent at once
    qtbot.waitUntil(lambda: not cp.waiting(), timeout=20_000)
    qtbot.waitUntil(
        lambda: (
            "niets te versturen" in window.team_status.text()
            and "niet verwerkt" not in window.team_status.text()
        )
    )
    with team.db.read() as s:
        assert s.get(Leerling, pupil_id).tussenvoegsel == "van"

    sync.stop()  # no background round between her change and the other's
    qtbot.waitUntil(lambda: not sync.running)
    _stale_edit(cp, other, "A0001", tussenvoegsel="de", plaats_leerjaar=5)
    assert cp.sync_round().exit_code == 1
    panel.reload()
    assert panel.model.rowCount() == 1
    with _answer_yes():
        qtbot.mouseClick(panel.discard_button, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 0 and cp.not_processed() == []
    with cp.db.read() as s:  # her change stays undone: the replica holds the server's row
        assert s.get(Leerling, pupil_id).tussenvoegsel == "van"
    dialog.close()
    window.close()
    wait_for_all()
    cp.close()
    other.close()


def _stale_edit(cp: Laptop, other: Laptop, nummer: str, **change: Any) -> int:
    """She changes the pupil offline; meanwhile the other changes the leerjaar and syncs."""
    with cp.db.read() as s:
        pupil_id = int(s.scalar(select(Leerling.id).where(Leerling.leerlingnummer == nummer)))
        data = leerlingen._leerling_input(s.get(Leerling, pupil_id))
    data.tussenvoegsel = change["tussenvoegsel"]
    leerlingen.save_leerling(cp.db, cp.actor, data, pupil_id)  # waits: not pushed yet
    assert other.sync_round().exit_code == 0
    with other.db.read() as s:
        theirs = leerlingen._leerling_input(s.get(Leerling, pupil_id))
    theirs.leerjaar = change["plaats_leerjaar"]
    leerlingen.save_leerling(other.db, other.actor, theirs, pupil_id)
    assert other.sync_round().exit_code == 0
    return pupil_id


@contextmanager
def _answer_yes() -> Iterator[None]:
    """The confirmation is answered "Ja" as a person would click it."""
    original = QMessageBox.question
    QMessageBox.question = staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Yes)  # type: ignore[method-assign]
    try:
        yield
    finally:
        QMessageBox.question = original  # type: ignore[method-assign]


def test_a_standalone_laptop_joins_the_team_from_beheer(
    qtbot: QtBot, online: Team, tmp_path: Path
) -> None:
    """Beheer > Server on a standalone file: the address, a connection test, and the first
    sync that builds the replica of what the user may see (off the GUI thread)."""
    team = online
    alone = open_database(tmp_path / "los.db")
    ctx = UiContext(db=alone, actor=team.actors["beheerder"], clock=alone.clock)
    panel = TeamPanel(ctx)
    qtbot.addWidget(panel)
    panel.show()
    assert "werkt los" in panel.state.text() and panel.join_box.isVisible()
    qtbot.keyClicks(panel.address, team.server.address)
    qtbot.mouseClick(panel.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "is bereikbaar" in panel.answer.text(), timeout=20_000)
    panel.join_user.clear()
    qtbot.keyClicks(panel.join_user, "cp2")
    qtbot.keyClicks(panel.join_password, PASSWORD)
    target = tmp_path / "cp2-team.db"
    panel.join_path.clear()
    qtbot.keyClicks(panel.join_path, str(target))
    qtbot.mouseClick(panel.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "staat klaar" in panel.answer.text(), timeout=30_000)
    assert panel.join_password.text() == ""  # not kept in the form
    laptop = Laptop.open(target, team.server.address, "cp2", PASSWORD)
    with laptop.db.read() as s:
        assert set(s.scalars(select(Leerling.school_id))) == {team.school_b}
    laptop.close()
    qtbot.keyClicks(panel.join_password, PASSWORD)
    qtbot.mouseClick(panel.join_button, Qt.MouseButton.LeftButton)  # never over an existing file
    qtbot.waitUntil(lambda: "Er staat al een bestand" in panel.answer.text(), timeout=20_000)
    wait_for_all()
    alone.close()
