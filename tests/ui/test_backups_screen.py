"""Beheer > Reservekopieën: make one with the button, put it back (the current database is saved
first, check runs and its result is shown), a backup of a newer version is refused; a damaged
database at start-up offers its newest good backup."""

from __future__ import annotations

import shutil
import stat
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy import text

from swv_desktop import backups
from swv_desktop.db import Database
from swv_desktop.encryption.connect import connect
from swv_desktop.errors import DatabaseDamaged
from swv_desktop.models import AuditEntry
from swv_desktop.models import Organisatie
from swv_desktop.services import instellingen
from swv_desktop.services.toegang import Gate
from swv_desktop.ui import app as app_module
from swv_desktop.ui.beheer import BeheerPage
from swv_desktop.ui.beheer_backups import BackupsTab
from swv_desktop.ui.context import UiContext

from .fixtures import PASSWORD
from .fixtures import Seed
from .messages import MessageLog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def org_naam(db: Database) -> str:
    with db.read() as session:
        return session.scalars(select(Organisatie.naam)).one()


def rename(ctx: UiContext, naam: str) -> None:
    data = replace(instellingen.get_settings(ctx.db), naam=naam)
    instellingen.update_settings(ctx.db, ctx.actor, data)


def click_row(qtbot: QtBot, tab: BackupsTab, row: int) -> None:
    """Click the date cell of ``row`` as a person would."""
    table = tab.table
    rect = table.visualItemRect(table.item(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert table.selectionModel().selectedRows()[0].row() == row


def test_make_and_restore_a_backup(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed, messages: MessageLog
) -> None:
    ctx = ctx_for("beheer")
    page = BeheerPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentIndex(page.tab_titles().index("Reservekopieën"))
    tab = page.backups_tab
    assert tab is not None and tab.table.rowCount() == 0
    assert (
        "6 maanden" in tab.explanation.text() and str(ctx.db.path.parent) in tab.explanation.text()
    )
    assert not tab.restore_button.isEnabled()
    before_name = org_naam(ctx.db)

    qtbot.mouseClick(tab.make_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1 and not tab.busy)
    made = backups.list_backups(ctx.db.path)[0]
    assert stat.S_IMODE(made.path.stat().st_mode) == 0o600
    assert tab.table.item(0, 2).text() == "handmatig"
    assert tab.table.item(0, 1).text().endswith(("kB", "MB"))
    assert "Gemaakt en gecontroleerd" in tab.status.text()

    rename(ctx, "Gewijzigd na de reservekopie")
    click_row(qtbot, tab, 0)
    assert tab.restore_button.isEnabled()
    with qtbot.waitSignal(page.restored, timeout=20_000):
        qtbot.mouseClick(tab.restore_button, Qt.MouseButton.LeftButton)
    kinds = [kind for kind, _title, _text in messages.shown]
    assert kinds == ["question", "information"], messages.texts()
    assert "Geen bevindingen: de database is in orde." in messages.texts()
    assert "voor-herstel" in messages.texts()
    assert org_naam(ctx.db) == before_name
    with ctx.db.read() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.actie == "teruggezet")).one()
        assert entry.gebruikersnaam == "beheer" and made.path.name in entry.na
    assert tab.table.rowCount() == 2
    assert [tab.table.item(r, 2).text() for r in range(2)] == ["voor terugzetten", "handmatig"]


def test_backup_of_a_newer_version_is_refused(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed, messages: MessageLog
) -> None:
    ctx = ctx_for("beheer")
    made = backups.make_backup(ctx.db.path, key=ctx.db.key)
    future = made.path.with_name(made.path.name.replace("handmatig", "automatisch"))
    shutil.copyfile(made.path, future)
    conn = connect(future, ctx.db.key)
    conn.execute("UPDATE alembic_version SET version_num = '9999_toekomst'")
    conn.commit()
    conn.close()
    page = BeheerPage(ctx)
    qtbot.addWidget(page)
    tab = page.backups_tab
    assert tab is not None and tab.table.rowCount() == 2
    row = next(r for r, b in enumerate(tab.rows) if b.path == future)
    click_row(qtbot, tab, row)
    rename(ctx, "Blijft staan")
    qtbot.mouseClick(tab.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.busy and len(messages.shown) == 2)
    assert messages.shown[-1][0] == "warning"
    assert "nieuwere versie" in messages.shown[-1][2]
    assert org_naam(ctx.db) == "Blijft staan"
    assert len(backups.list_backups(ctx.db.path)) == 2  # nothing saved: nothing was done


def test_damaged_database_at_start_offers_the_newest_good_backup(
    qtbot: QtBot, db: Database, seed: Seed, gate: Gate, messages: MessageLog
) -> None:
    key = db.key
    good = backups.make_backup(db.path, key=key)
    with db.read() as session:  # a page of pupil data (the schema pages stay whole: damage
        # there cannot be told from a wrong key, whatever the schema's size)
        page = int(
            session.scalar(text("SELECT rootpage FROM sqlite_master WHERE name = 'leerling'"))
        )
        size = int(session.scalar(text("PRAGMA page_size")))
    db.close()
    data = bytearray(db.path.read_bytes())
    data[(page - 1) * size : page * size] = b"\xa5" * size
    db.path.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamaged) as caught:  # found when the password opens the file
        gate.sign_in("beheer", PASSWORD)
    assert caught.value.backup == good.path

    def choose_restore() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        assert "beschadigd" in box.text()
        (button,) = [b for b in box.buttons() if b.text() == "Reservekopie terugzetten"]
        button.click()

    QTimer.singleShot(50, choose_restore)
    assert app_module.offer_restore(gate, caught.value)
    assert messages.shown[-1][1] == "Reservekopie teruggezet"
    assert ".beschadigd-" in messages.shown[-1][2]
    gate.sign_in("beheer", PASSWORD)  # signing in again opens the restored file
    assert gate.db is not None
    assert org_naam(gate.db) == org_naam_from(good.path, key)
    aside = [p for p in Path(db.path).parent.iterdir() if ".beschadigd-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == bytes(data)


def org_naam_from(path: Path, key: bytes | None) -> str:
    conn = connect(f"{path.resolve().as_uri()}?mode=ro", key, uri=True)
    try:
        return str(conn.execute("SELECT naam FROM organisatie").fetchone()[0])
    finally:
        conn.close()


def test_automatic_backups_while_the_window_runs_and_at_closing(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed, messages: MessageLog
) -> None:
    from swv_desktop.ui.auto_backup import AutoBackup

    ctx = ctx_for("beheer")
    auto = AutoBackup(ctx.db.path, key=ctx.db.key)
    assert auto.timer.isActive()
    auto.tick()
    assert not auto.running and backups.list_backups(ctx.db.path) == []  # nothing changed
    rename(ctx, "Na het openen gewijzigd")
    auto.tick()
    qtbot.waitUntil(lambda: not auto.running and len(backups.list_backups(ctx.db.path)) == 1)
    auto.tick()  # changed again? no: and within the half hour anyway
    assert not auto.running
    rename(ctx, "Vlak voor het sluiten gewijzigd")
    last = auto.at_close()
    assert last is not None and last.reden == "bij-afsluiten" and not auto.timer.isActive()
    assert org_naam_from(last.path, ctx.db.key) == "Vlak voor het sluiten gewijzigd"
    assert [b.reden for b in backups.list_backups(ctx.db.path)] == ["bij-afsluiten", "automatisch"]
    assert messages.shown == []
