"""The window on a PostgreSQL database: ``--db postgresql+psycopg://...`` is parsed as the batch
commands parse it, the sign-in window checks the password against the account's hash in that
database, the whole program (a separate process) signs in and shows the dashboard, and the
Reservekopieën tab says that the server's beheerder keeps the backups.

The other window tests run on SQLite only; these need the session's PostgreSQL server (in the
SQLite-only mode, ``SWV_TEST_DB=sqlite``, there is none and they are skipped).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from app_process import headless_env
from app_process import run_app
from pg_cluster import BACKENDS
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import URL

from swv_desktop.dialect import Target
from swv_desktop.errors import KnownError
from swv_desktop.models import Gebruiker
from swv_desktop.models import Rol
from swv_desktop.opening import open_database
from swv_desktop.services.auth import FAILED_MESSAGE
from swv_desktop.services.auth import actor_for
from swv_desktop.services.auth import hash_password
from swv_desktop.services.toegang_server import ServerGate
from swv_desktop.services.toegang_server import gate_for
from swv_desktop.ui.app import SMOKE_USER
from swv_desktop.ui.beheer_backups import BackupsTab
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.first_run import FirstRunWizard
from swv_desktop.ui.launch import database_path
from swv_desktop.ui.launch import parse_args
from swv_desktop.ui.signin import DEMO_PASSWORD
from swv_desktop.ui.signin import SignInDialog

from .fixtures import PASSWORD
from .fixtures import populate
from .messages import MessageLog
from .test_first_run import fill

pytestmark = [
    pytest.mark.skipif("postgresql" not in BACKENDS, reason="alleen SQLite (SWV_TEST_DB=sqlite)"),
    pytest.mark.qt_log_ignore("propagateSizeHints"),
]


@pytest.fixture
def backend() -> str:
    """These window tests run on PostgreSQL (``new_target`` then makes databases there)."""
    return "postgresql"


def test_window_takes_the_same_db_targets_as_the_batch_commands(tmp_path: Path) -> None:
    url = "postgresql+psycopg://swv@dbserver/swv"
    parsed = database_path(parse_args(["--db", url]))
    assert isinstance(parsed, URL) and parsed.database == "swv"
    assert database_path(parse_args(["--db", str(tmp_path / "a.db")])) == tmp_path / "a.db"
    with pytest.raises(KnownError, match="wordt niet ondersteund"):  # Dutch, shown by the window
        database_path(parse_args(["--db", "mysql://x@y/z"]))
    assert not (tmp_path / "postgresql+psycopg:").exists()


def test_signin_window_signs_in_on_postgresql(
    qtbot: QtBot, new_target: Callable[..., Target]
) -> None:
    url = new_target()
    assert isinstance(url, URL)
    database = open_database(url)
    seed = populate(database)
    database.close()
    gate = gate_for(url.render_as_string(hide_password=False))
    assert isinstance(gate, ServerGate) and gate.exists
    try:
        dialog = SignInDialog(gate)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClicks(dialog.username, "pd")
        qtbot.keyClicks(dialog.password, "fout-wachtwoord")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.sign_in_button.isEnabled(), timeout=10_000)
        assert dialog.message.text() == FAILED_MESSAGE and dialog.actor is None
        qtbot.keyClicks(dialog.password, PASSWORD)
        with qtbot.waitSignal(dialog.accepted, timeout=10_000):
            qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        assert dialog.actor is not None
        assert (dialog.actor.id, dialog.actor.rol.value) == (seed.users["pd"], "programmadirecteur")
        assert gate.db is not None and gate.db.dialect == "postgresql"
        assert gate.db.path is None and f"/{url.database}?" in gate.db.location
    finally:
        gate.sign_out()


@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_program_signs_in_on_postgresql_and_shows_the_dashboard(
    tmp_path: Path, new_target: Callable[..., Target]
) -> None:
    target = new_target()
    assert isinstance(target, URL)
    url = target.render_as_string(hide_password=False)
    database = open_database(target)
    populate(database)
    with database.transaction() as session:  # the account the smoke run signs in with
        session.add(
            Gebruiker(
                gebruikersnaam=SMOKE_USER,
                volledige_naam="Pien Programma",
                rol=Rol.PROGRAMMADIRECTEUR,
                wachtwoord_hash=hash_password(DEMO_PASSWORD),
                actief=True,
                aangemaakt_op=database.clock(),
            )
        )
    database.close()
    shown = run_app(["--db", url, "--demo", "--smoke"], headless_env(tmp_path / "state"))
    assert shown.returncode == 0, shown.stderr
    assert re.search(r"smoke: dashboard getoond in \d+\.\d\d s", shown.stdout)
    log = tmp_path / "state" / "swv-desktop" / "log" / "swv-desktop.log"
    assert "aangemeld als programmadirecteur" in log.read_text(encoding="utf-8")
    assert not (tmp_path / "postgresql+psycopg:").exists()


def test_backups_tab_on_postgresql_says_the_server_keeps_them(
    qtbot: QtBot, new_target: Callable[..., Target]
) -> None:
    database = open_database(new_target())
    try:
        seed = populate(database)
        with database.read() as session:
            user = session.get(Gebruiker, seed.users["beheer"])
            assert user is not None
            actor = actor_for(user)
        tab = BackupsTab(UiContext(db=database, actor=actor, clock=database.clock, demo=False))
        qtbot.addWidget(tab)
        tab.show()
        assert "pg_dump" in tab.explanation.text()
        assert not tab.table.isVisible() and not tab.make_button.isVisible()
    finally:
        database.close()


def test_first_run_on_an_empty_postgresql_database(
    qtbot: QtBot, new_target: Callable[..., Target], messages: MessageLog
) -> None:
    url = new_target(empty=True)
    gate = gate_for(url)
    assert isinstance(gate, ServerGate) and not gate.exists
    database = gate.create()  # the schema goes in; the wizard sets up the rest
    wizard = FirstRunWizard(database)
    qtbot.addWidget(wizard)
    wizard.show()
    fill(qtbot, wizard, "een-lang-wachtwoord")
    with qtbot.waitSignal(wizard.accepted):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert messages.shown == []
    gate.sign_out()
    again = gate_for(url)
    assert again.exists and again.organisatie == "Samenwerkingsverband VO Testregio"
    try:
        assert again.sign_in("beheer", "een-lang-wachtwoord").rol is Rol.BEHEERDER
    finally:
        again.sign_out()
