"""Signing in: the right user's password opens the encrypted database; a wrong password gets the
service's message without a hint which part was wrong, and repeated failures make the button wait
(without freezing)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from swv_desktop.services.auth import FAILED_MESSAGE
from swv_desktop.services.toegang import Gate, PersistentThrottle
from swv_desktop.ui.signin import DEMO_PASSWORD, SignInDialog

from .fixtures import PASSWORD, Seed

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
