"""The window on a team laptop, against a real server process: signed in and online, the server
stops (the status line says offline), a progress talk recorded in the window waits in the outbox,
the server comes back and the talk arrives there by itself; a colleague's new aanvraag shows up
in the open list after the next pull."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from swv_desktop.models import Voortgangsgesprek
from swv_desktop.services.aanvragen import use_cases as aanvragen
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs.aanvraag_form import AanvraagDialog
from swv_desktop.ui.dialogs.voortgang_dialog import VoortgangDialog
from swv_desktop.ui.main_window import MainWindow
from swv_desktop.ui.team_sync import TeamSync
from swv_desktop.ui.worker import wait_for_all

from .conftest import Team, add_pupil, draft

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "This plugin does not support")


@pytest.fixture(autouse=True)
def _no_gc_on_workers(qapp: QApplication) -> Iterator[None]:
    """As ``tests/ui/conftest.py``: no garbage collection on a worker thread during the test."""
    gc.disable()
    try:
        yield
        wait_for_all()
        QApplication.processEvents()
    finally:
        gc.collect()


def test_offline_in_the_window_and_back(qtbot: QtBot, online: Team) -> None:
    team = online
    laptop = team.laptop("cp1", "cp1-venster")
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
    talk = form.child
    assert isinstance(talk, VoortgangDialog)
    talk.deelnemers.clear()
    qtbot.keyClicks(talk.deelnemers, "Mentor, ouders")
    qtbot.keyClicks(talk.notities, "Op school besproken zonder netwerk.")
    qtbot.mouseClick(talk.save_button, Qt.MouseButton.LeftButton)
    window.refresh_team_status()
    assert "1 wijziging(en) wachten" in line.text()
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
    qtbot.waitUntil(lambda: " · online · 0 wijziging(en) wachten" in line.text(), timeout=30_000)
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
