"""Joining is all or nothing: the replica is built aside and moved into place only when the
first sync is complete (``sync.aansluiten``), from the first-run window and from Beheer > Server
on a standalone laptop. The server is killed in the middle of the first pull, and the laptop
is killed there (a real process each, through a relay that stops at the pull): no half replica
is left at its place, and the standalone database the beheerder works in is untouched.
``SWV_SCREENSHOTS=DIR`` keeps the Server tab at 1366x768 as PNG files."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func
from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.encryption.keyslots import sidecar_path
from swv_desktop.errors import KnownError
from swv_desktop.models import Gebruiker
from swv_desktop.models import Rol
from swv_desktop.models import Schoolbestuur
from swv_desktop.opening import open_database
from swv_desktop.services import scholen
from swv_desktop.services.auth import actor_for
from swv_desktop.services.common import Actor
from swv_desktop.services.toegang import Gate
from swv_desktop.sync import aansluiten
from swv_desktop.sync.client import Laptop
from swv_desktop.sync.leave import replica_files
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.team_panel import TeamPanel

from .harness import PASSWORD
from .harness import Team
from .join_proxy import relay
from .tls_team import pupils

pytestmark = [
    pytest.mark.qt_log_ignore("propagateSizeHints", "This plugin does not support"),
    pytest.mark.usefixtures("drained_workers"),
]


def _kill_server(team: Team) -> None:
    assert team.server.proc is not None
    team.server.proc.kill()  # SIGKILL: no clean stop, the answer never comes
    team.server.wait_dead()


def _complete(path: Path, user: str) -> set[str]:
    """The replica at ``path`` opens and holds its user's pupils."""
    laptop = Laptop.open(path, "http://127.0.0.1:9", user, PASSWORD)  # offline: the file only
    try:
        return pupils(laptop)
    finally:
        laptop.close()


def test_the_server_killed_during_the_first_pull_leaves_no_half_replica(
    online: Team, tmp_path: Path
) -> None:
    team = online
    path = tmp_path / "team-replica-cp1.db"
    with relay(team.server.address, lambda: _kill_server(team)) as cut:
        with pytest.raises(KnownError, match="niet aangesloten; er is niets bewaard"):
            aansluiten.join_team(path, cut.address, "cp1", PASSWORD)
        assert cut.pulled.is_set()  # it was signed in and pulling when the server died
    assert list(tmp_path.iterdir()) == []  # nothing at its place, nothing hidden beside it

    team.server.start()
    result = aansluiten.join_team(path, team.server.address, "cp1", PASSWORD)
    assert result.error == "" and result.received > 0
    assert replica_files(aansluiten.building_path(path)) == []
    assert "A0001" in _complete(path, "cp1")


def test_a_laptop_killed_during_the_first_pull_leaves_only_a_hidden_file_the_next_join_wipes(
    online: Team, tmp_path: Path
) -> None:
    team = online
    path = tmp_path / "team-replica-cp2.db"
    release = threading.Event()
    script = (
        "import sys; from pathlib import Path; from swv_desktop.sync.aansluiten import join_team;"
        " join_team(Path(sys.argv[1]), sys.argv[2], 'cp2', sys.argv[3])"
    )
    with relay(team.server.address, lambda: release.wait(60)) as stall:
        proc = subprocess.Popen(
            [sys.executable, "-c", script, str(path), stall.address, PASSWORD],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            assert stall.pulled.wait(60), "the laptop never reached its first pull"
            proc.kill()  # the laptop dies (battery, a crash) in the middle of the join
            proc.wait(timeout=20)
        finally:
            release.set()
    assert not path.exists() and not sidecar_path(path).exists()
    half = aansluiten.building_path(path)
    assert half.exists() and half.name.startswith(".")  # hidden, never opened as a replica

    result = aansluiten.join_team(path, team.server.address, "cp2", PASSWORD)
    assert result.error == ""
    assert replica_files(half) == []  # the half one was wiped first
    assert "B0001" in _complete(path, "cp2")


# -- Beheer > Server on a standalone laptop ---------------------------------------------------


@pytest.fixture
def standalone(template: object, password_hash: str, tmp_path: Path) -> Iterator[Database]:
    """The beheerder's own standalone database (encrypted, as every file), with one board."""
    path = tmp_path / "swv-desktop.db"
    db = open_database(path, keys=template.copy_to(path))  # type: ignore[attr-defined]
    yield db
    db.close()


def _beheerder(db: Database, password_hash: str) -> Actor:
    with db.transaction() as session:
        user = Gebruiker(
            gebruikersnaam="cp1",  # the same name as on the server, as a bureau would have it
            volledige_naam="Carla Contact",
            rol=Rol.BEHEERDER,
            wachtwoord_hash=password_hash,
            actief=True,
            aangemaakt_op=datetime.now(UTC),
        )
        session.add(user)
        session.flush()
        return actor_for(user)


def _boards(db: Database) -> list[str]:
    with db.read() as session:
        return list(session.scalars(select(Schoolbestuur.naam).order_by(Schoolbestuur.id)))


def _keep(widget: TeamPanel, name: str) -> None:
    folder = os.environ.get("SWV_SCREENSHOTS")
    if folder:
        widget.resize(1366, 768)
        QApplication.processEvents()
        widget.grab().save(str(Path(folder) / f"{name}.png"))


def test_beheer_server_join_with_the_server_killed_keeps_the_standalone_data(
    qtbot: QtBot, online: Team, standalone: Database, password_hash: str, tmp_path: Path
) -> None:
    team = online
    actor = _beheerder(standalone, password_hash)
    scholen.save_bestuur(standalone, actor, scholen.BestuurInput("Stichting Eigen", "40001"))
    before = _boards(standalone)
    panel = TeamPanel(UiContext(db=standalone, actor=actor, clock=standalone.clock))
    qtbot.addWidget(panel)
    panel.resize(1366, 768)
    panel.show()
    assert panel.join_box.isVisible()
    target = tmp_path / "team-replica-cp1.db"
    panel.join_path.clear()
    qtbot.keyClicks(panel.join_path, str(target))

    def wait_answer() -> str:
        qtbot.waitUntil(lambda: panel.join_button.isEnabled(), timeout=90_000)
        return panel.answer.text()

    with relay(team.server.address, lambda: _kill_server(team)) as cut:
        qtbot.keyClicks(panel.address, cut.address)
        qtbot.keyClicks(panel.join_password, PASSWORD)
        panel.join_button.click()
        answer = wait_answer()
    _keep(panel, "beheer-server-aansluiten-mislukt")
    assert "De laptop is niet aangesloten; er is niets bewaard." in answer
    assert "niet bereikbaar" in answer and "wacht op deze laptop" not in answer
    assert not target.exists() and replica_files(target) == []
    assert replica_files(aansluiten.building_path(target)) == []
    assert _boards(standalone) == before  # her own database as it was, and still in use
    scholen.save_bestuur(standalone, actor, scholen.BestuurInput("Stichting Daarna", "40002"))
    with standalone.read() as session:
        assert session.scalar(select(func.count()).select_from(Schoolbestuur)) == 2

    team.server.start()
    panel.address.clear()
    qtbot.keyClicks(panel.address, team.server.address)
    panel.join_password.clear()  # she types it again
    qtbot.keyClicks(panel.join_password, PASSWORD)
    panel.join_button.click()
    answer = wait_answer()
    _keep(panel, "beheer-server-aansluiten-gelukt")
    assert f"De replica staat klaar in {target}" in answer, answer
    assert Gate(target).exists and "A0001" in _complete(target, "cp1")
    assert _boards(standalone) == [*before, "Stichting Daarna"]
