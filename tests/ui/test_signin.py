"""Signing in: the right user's password opens the encrypted database; a wrong password gets the
service's message without a hint which part was wrong, and repeated failures make the button wait
(without freezing)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from swv_desktop.services.auth import FAILED_MESSAGE
from swv_desktop.services.toegang import Gate
from swv_desktop.services.toegang import PersistentThrottle
from swv_desktop.ui.signin import DEMO_PASSWORD
from swv_desktop.ui.signin import SignInDialog

from .fixtures import PASSWORD
from .fixtures import Seed

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def sign_in(qtbot: QtBot, dialog: SignInDialog, username: str, password: str) -> None:
    dialog.username.clear()
    dialog.password.clear()
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def test_right_password_signs_in(qtbot: QtBot, gate: Gate, seed: Seed) -> None:
    dialog = SignInDialog(gate)
    qtbot.addWidget(dialog)
    dialog.show()
    # ends with the display name, so Qt does not add "Maatwerkbudget" a second time
    assert dialog.windowTitle() == "Aanmelden – Maatwerkbudget"
    assert dialog.findChild(type(dialog.message), "subtitel").text() == (
        "Samenwerkingsverband VO Testregio"  # from the key file: the database is still locked
    )
    assert gate.db is None
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        sign_in(qtbot, dialog, "pd", PASSWORD)
    assert dialog.actor is not None
    assert (dialog.actor.id, dialog.actor.rol.value) == (seed.users["pd"], "programmadirecteur")
    assert gate.db is not None


def test_the_account_names_complete_the_name_once_the_window_is_painted(
    qtbot: QtBot, gate: Gate, seed: Seed
) -> None:
    """The completion comes after the first paint (making Qt's enums would delay it) and knows
    the accounts in any case: typing "P" offers "pd"."""
    dialog = SignInDialog(gate)
    qtbot.addWidget(dialog)
    assert dialog.username.completer() is None  # not yet painted
    dialog.show()
    qtbot.waitUntil(lambda: dialog.username.completer() is not None, timeout=5_000)
    completer = dialog.username.completer()
    assert completer.caseSensitivity() == Qt.CaseSensitivity.CaseInsensitive
    completer.setCompletionPrefix("P")
    found = [completer.currentCompletion()]
    while completer.setCurrentRow(completer.currentRow() + 1):
        found.append(completer.currentCompletion())
    assert "pd" in found and set(found) <= set(gate.accounts)


def test_wrong_password_shows_the_message(qtbot: QtBot, gate: Gate, seed: Seed) -> None:
    dialog = SignInDialog(gate)
    qtbot.addWidget(dialog)
    dialog.show()
    sign_in(qtbot, dialog, "pd", "fout-wachtwoord")
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=10_000)
    assert dialog.message.text() == FAILED_MESSAGE
    assert dialog.actor is None and dialog.result() == 0
    assert dialog.password.text() == ""  # typed again, not corrected
    # an unknown user gets exactly the same words
    sign_in(qtbot, dialog, "bestaat-niet", "fout-wachtwoord")
    qtbot.waitUntil(lambda: dialog.sign_in_button.isEnabled(), timeout=10_000)
    assert dialog.message.text() == FAILED_MESSAGE


def test_repeated_failures_make_the_button_wait(qtbot: QtBot, gate: Gate, seed: Seed) -> None:
    throttle = PersistentThrottle.beside(gate.path)  # the real clock: the wait is real
    throttle.free_attempts, throttle.first_delay = 1, 0.3
    gate.throttle = throttle
    dialog = SignInDialog(gate)
    qtbot.addWidget(dialog)
    dialog.show()
    sign_in(qtbot, dialog, "pd", "fout-1")
    qtbot.waitUntil(lambda: dialog.sign_in_button.isEnabled(), timeout=10_000)
    sign_in(qtbot, dialog, "pd", "fout-2")
    # the throttle asks for a pause: the button is disabled, the window stays responsive
    assert not dialog.sign_in_button.isEnabled()
    assert "Even geduld" in dialog.message.text()
    qtbot.waitUntil(lambda: dialog.sign_in_button.isEnabled(), timeout=10_000)
    assert dialog.message.text() == FAILED_MESSAGE
    assert throttle.failures("pd") == 2
    assert PersistentThrottle.beside(gate.path).failures("pd") == 2  # kept for the next start


def test_demo_lists_the_demo_accounts(qtbot: QtBot, gate: Gate, seed: Seed) -> None:
    dialog = SignInDialog(gate, demo=True)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "DEMO – Aanmelden – Maatwerkbudget"
    buttons = {b.objectName() for b in dialog.findChildren(type(dialog.sign_in_button))}
    for role in ("contactpersoon", "programmadirecteur", "secretariaat", "beheerder"):
        assert f"demo_{role}" in buttons
    dialog.fill_demo("secretariaat")
    assert (dialog.username.text(), dialog.password.text()) == ("secretariaat", DEMO_PASSWORD)


def test_the_light_modules_agree_with_the_heavy_ones() -> None:
    """The sign-in window and the light start repeat a few names so as not to import SQLAlchemy
    before they paint; they must stay equal to the originals."""
    from swv_desktop.encryption import keyslots
    from swv_desktop.models import Rol
    from swv_desktop.ui import launch
    from swv_desktop.ui import signin

    assert tuple(r.value for r in Rol) == signin.ROLES
    assert [r.capitalize() for r in signin.ROLES] == [r.label for r in Rol]
    assert (launch.SIDECAR_SUFFIX, launch.RECOVERY_SLOT) == (
        keyslots.SIDECAR_SUFFIX,
        keyslots.RECOVERY_SLOT,
    )


def test_the_light_start_reads_the_sidecar_as_the_gate_does(gate: Gate) -> None:
    from swv_desktop.ui.launch import PendingGate
    from swv_desktop.ui.launch import public_view

    view = public_view(gate.path)
    assert view == (gate.organisatie, gate.accounts)
    assert public_view(gate.path.with_name("bestaat-niet.db")) is None
    pending = PendingGate(gate.path, *view)
    pending.start()
    assert pending.gate().accounts == gate.accounts
    actor = pending.sign_in("pd", PASSWORD)
    assert actor.gebruikersnaam == "pd"
    pending.gate().sign_out()
