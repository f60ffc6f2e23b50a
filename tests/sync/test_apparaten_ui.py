"""Beheer > Apparaten on the server's database: the beheerder selects a laptop, clicks
"Intrekken…", reads what is lost and confirms; the device is revoked in the database and that
laptop wipes its replica at its next round. A screenshot at 1366x768 goes to the test folder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from swv_desktop.models import Rol
from swv_desktop.models import SyncApparaat
from swv_desktop.sync import apparaat
from swv_desktop.ui.beheer import BeheerPage
from swv_desktop.ui.context import UiContext

from .harness import Team


def test_beheerder_revokes_a_laptop_with_the_button(
    online: Team, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = online
    path = team.folder / "cp2-knop.db"
    laptop = team.laptop("cp2", "cp2-knop")
    assert laptop.sync_round().error == ""
    uuid = apparaat.identity(path)["uuid"]
    ctx = UiContext(db=team.db, actor=team.actors["beheerder"], clock=team.db.clock)
    page = BeheerPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    assert "Apparaten" in page.tab_titles()
    page.tabs.setCurrentWidget(page.apparaten_tab)
    tab = page.apparaten_tab
    assert tab is not None
    row = next(i for i, r in enumerate(tab.rows) if r.gebruikersnaam == "cp2")
    assert not tab.revoke_button.isEnabled()  # nothing selected yet
    tab.table.selectRow(row)
    shot = os.environ.get("SWV_SCREENSHOT_DIR")
    if shot:
        page.grab().save(str(Path(shot) / "beheer-apparaten.png"))
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *_a: object) -> Any:
        asked.append(text)
        return QMessageBox.StandardButton.Yes if len(asked) > 1 else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    qtbot.mouseClick(tab.revoke_button, Qt.MouseButton.LeftButton)  # "No": nothing happens
    with team.db.read() as session:
        device = session.scalars(select(SyncApparaat).where(SyncApparaat.uuid == uuid)).one()
        assert device.ingetrokken_op is None
    tab.table.selectRow(row)
    qtbot.mouseClick(tab.revoke_button, Qt.MouseButton.LeftButton)
    assert "verloren" in asked[0] and "cp2-knop" not in asked[0]  # names what is lost
    assert "Kees Contact" in asked[0]
    with team.db.read() as session:
        device = session.scalars(select(SyncApparaat).where(SyncApparaat.uuid == uuid)).one()
        assert device.ingetrokken_op is not None
    assert "ingetrokken" in tab.message.text()
    assert "ingetrokken op" in tab.table.item(row, 4).text()
    with pytest.raises(apparaat.ReplicaWiped):
        laptop.sync_round()
    assert not path.exists()


def test_the_window_sync_reports_a_wipe_and_the_lock_needs_the_server(
    online: Team, qtbot: Any
) -> None:
    from datetime import timedelta

    from swv_desktop.services import apparaten
    from swv_desktop.sync import replica
    from swv_desktop.ui.team_sync import TeamSync

    team = online
    path = team.folder / "cp2-venster.db"
    laptop = team.laptop("cp2", "cp2-venster")
    assert laptop.sync_round().error == ""
    with laptop.db.transaction() as session:  # 31 days without contact
        back = (laptop.db.clock() - timedelta(days=31)).isoformat()
        replica.set_state(session, {apparaat.CONTACT_KEY: back})
    team.server.stop()
    laptop.go_offline()
    with pytest.raises(apparaat.ReplicaLocked):
        apparaat.require_contact(laptop)
    team.server.start()
    apparaat.require_contact(laptop)  # reached the server: open again
    assert apparaat.locked_since(laptop.db, laptop.db.clock()) is None
    with team.db.read() as session:
        device = session.scalars(
            select(SyncApparaat.id).where(SyncApparaat.uuid == apparaat.identity(path)["uuid"])
        ).one()
    apparaten.revoke_apparaat(team.db, team.actors["beheerder"], device)
    sync = TeamSync(None, laptop, interval_ms=60_000)
    with qtbot.waitSignal(sync.wiped, timeout=20_000) as seen:
        sync.start()
    assert "ingetrokken" in seen.args[0]
    assert not path.exists() and not sync.timer.isActive()


def test_the_user_types_the_recovery_code_in_the_sign_in_window(online: Team, qtbot: Any) -> None:
    from swv_desktop.services import apparaten
    from swv_desktop.services import auth
    from swv_desktop.services.toegang import Gate
    from swv_desktop.ui.herstelcode import RecoveryCodeDialog
    from swv_desktop.ui.signin import SignInDialog

    from .harness import PASSWORD

    team = online
    auth.create_user(
        team.db,
        team.actors["beheerder"],
        gebruikersnaam="pw4",
        volledige_naam="Test Vergeten",
        rol=Rol.SECRETARIAAT,
        wachtwoord=PASSWORD,
    )
    path = team.folder / "pw4.db"
    laptop = team.laptop("pw4")
    assert laptop.sync_round().error == ""
    laptop.close()
    with team.db.read() as session:
        device = session.scalars(
            select(SyncApparaat.id).where(SyncApparaat.uuid == apparaat.identity(path)["uuid"])
        ).one()
    code = apparaten.make_recovery_code(team.db, team.actors["beheerder"], device)
    gate = Gate(path)
    signin = SignInDialog(gate)
    qtbot.addWidget(signin)
    assert signin.forgot_button is not None  # a team laptop's replica offers it
    dialog = RecoveryCodeDialog(gate, "pw4")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.code, code)
    qtbot.keyClicks(dialog.new, "mijn-nieuwe-wachtwoord")
    qtbot.keyClicks(dialog.again, "mijn-nieuwe-wachtwoor")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "niet gelijk" in dialog.message.text()
    shot = os.environ.get("SWV_SCREENSHOT_DIR")
    if shot:
        signin.show()
        dialog.show()
        signin.grab().save(str(Path(shot) / "aanmelden-team.png"))
        dialog.grab().save(str(Path(shot) / "herstelcode.png"))
    qtbot.keyClicks(dialog.again, "d")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.done_for == "pw4", timeout=20_000)
    assert gate.sign_in("pw4", "mijn-nieuwe-wachtwoord").gebruikersnaam == "pw4"
    gate.sign_out()
