"""A team laptop's replica opened in the window: the status bar names the server, what waits
and the last synchronisation; a change made in the window waits in the outbox."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.models import School
from swv_desktop.services import scholen
from swv_desktop.sync import replica
from swv_desktop.sync import status as team
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_replica_window_shows_the_team_line(
    qtbot: QtBot, db: Database, ctx_for: Callable[[str], UiContext]
) -> None:
    ctx = ctx_for("sec")
    replica.prepare(db)
    with db.transaction() as session:
        replica.set_state(
            session,
            {"server": "https://kantoor.example:8765", "laatste_sync": "2021-10-04T09:30:00+00:00"},
        )
    assert team.is_replica(db)
    team.attach(db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    line = window.findChild(QLabel, "status_team")
    assert line is not None
    assert line.text().startswith(
        "Team: kantoor.example:8765 · niets te versturen · bijgewerkt 4 oktober 2021"
    )
    with db.read() as session:
        school = session.scalars(select(School)).first()
        assert school is not None
        data = scholen.SchoolInput(
            school.naam,
            school.brin,
            school.vestigingsnummer,
            school.bestuur_id,
            plaats="Nieuwstad",
            contactpersoon_id=school.contactpersoon_id,
            versie=school.versie,
        )
        school_id = school.id
    scholen.save_school(db, ctx.actor, data, school_id)  # as the window's forms call it
    window.refresh_team_status()
    assert "· 1 te versturen ·" in line.text()
    [(uuid, name, _payload, _ids)] = [(u, n, g, i) for u, n, g, i in _waiting(db)]
    assert name == "school.opslaan" and uuid
    db.hooks = None


def _waiting(db: Database) -> list[tuple[str, str, str, str]]:
    from sqlalchemy import text

    with db.read() as session:
        return [
            (str(a), str(b), str(c), str(d))
            for a, b, c, d in session.execute(
                text("SELECT uuid, naam, gegevens, ids FROM sync_laptop_opdracht")
            )
        ]
