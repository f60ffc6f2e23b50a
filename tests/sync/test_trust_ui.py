"""The Server panel (Beheer > Server; for a contactpersoon the Team dialog from the status bar)
with a real HTTPS server: the trusted certificate's fingerprint, the warning
with both fingerprints when another server answers on the same address, and the confirmation
clicked as a person would; then the waiting change arrives. ``SWV_SCREENSHOTS=DIR`` keeps the
window at 1366x768 as PNG files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func
from sqlalchemy import select

from swv_desktop.models import Leerling
from swv_desktop.sync import replica
from swv_desktop.sync import trust
from swv_desktop.sync.client import Laptop
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.main_window import MainWindow
from swv_desktop.ui.team_panel import TeamDialog
from swv_desktop.ui.team_sync import TeamSync
from swv_desktop.ui.worker import wait_for_all

from .harness import PASSWORD
from .harness import Team
from .harness import add_pupil
from .harness import free_port
from .tls import TlsServer
from .tls import make_certificate

pytestmark = [
    pytest.mark.usefixtures("drained_workers"),
    pytest.mark.qt_log_ignore("propagateSizeHints", "This plugin does not support"),
]


def _keep(window: QWidget, name: str) -> None:
    folder = os.environ.get("SWV_SCREENSHOTS")
    if folder:
        QApplication.processEvents()
        window.grab().save(str(Path(folder) / f"{name}.png"))


class _Answer:
    """QMessageBox.question answered as a person would click, recording what was asked."""

    def __init__(self, button: QMessageBox.StandardButton) -> None:
        self.button, self.asked = button, ""

    def __enter__(self) -> _Answer:
        self.original = QMessageBox.question

        def ask(_parent: object, _title: str, text: str, *_a: object) -> object:
            self.asked = text
            return self.button

        QMessageBox.question = staticmethod(ask)  # type: ignore[assignment,method-assign]
        return self

    def __exit__(self, *_exc: object) -> None:
        QMessageBox.question = self.original  # type: ignore[method-assign]


def test_the_team_dialog_shows_the_fingerprint_warns_and_confirms(
    qtbot: QtBot, online: Team, tmp_path: Path
) -> None:
    team = online
    first, second = make_certificate(tmp_path, "een"), make_certificate(tmp_path, "twee")
    port = free_port()
    server = TlsServer(team.server.url, tmp_path, port, first)
    server.start()
    laptop = Laptop.open(tmp_path / "cp1-ui.db", server.address, "cp1", PASSWORD)
    assert laptop.sync_round().new_certificate == first.fingerprint
    sync = TeamSync(None, laptop, interval_ms=60_000)
    ctx = UiContext(db=laptop.db, actor=laptop.actor, clock=laptop.db.clock, team=sync)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    dialog = TeamDialog(ctx, window)  # Team... in the status bar
    qtbot.addWidget(dialog)
    dialog.show()
    panel = dialog.panel
    box = panel.trust
    assert f"Certificaat van de server (SHA-256): {first.fingerprint}" in box.certificate.text()
    assert not box.warning.isVisible() and not box.button.isVisible()
    _keep(dialog, "team-vertrouwd")

    add_pupil(laptop.db, laptop.actor, "U0001", team.school_a)  # waits for the next round
    assert server.stop() == 0
    other = TlsServer(team.server.url, tmp_path, port, second)
    other.start()
    try:
        qtbot.mouseClick(panel.sync_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: box.warning.isVisible(), timeout=20_000)
        assert box.button.isVisible()
        assert "ander certificaat" in box.warning_text()
        assert first.fingerprint in box.warning_text()
        assert second.fingerprint in box.warning_text()
        assert "ander certificaat" not in panel.state.text()  # said once, in the warning
        qtbot.waitUntil(
            lambda: window.team_status.text().startswith("Let op: de server laat een ander"),
            timeout=20_000,
        )
        _keep(dialog, "team-ander-certificaat")
        _keep(window, "venster-ander-certificaat")

        with _Answer(QMessageBox.StandardButton.No) as no:
            qtbot.mouseClick(box.button, Qt.MouseButton.LeftButton)
        assert second.fingerprint in no.asked and first.fingerprint in no.asked
        assert replica.get_state(laptop.db, trust.STATE_KEY) == first.fingerprint
        assert box.warning.isVisible()

        with _Answer(QMessageBox.StandardButton.Yes):
            qtbot.mouseClick(box.button, Qt.MouseButton.LeftButton)
        assert replica.get_state(laptop.db, trust.STATE_KEY) == second.fingerprint
        qtbot.waitUntil(lambda: not laptop.waiting(), timeout=20_000)
        qtbot.waitUntil(lambda: not box.warning.isVisible(), timeout=20_000)
        qtbot.waitUntil(lambda: panel.state.text().startswith("Online"), timeout=20_000)
        assert second.fingerprint in box.certificate.text()
        assert "Bevestigd door cp1 op" in box.certificate.text()
        with team.db.read() as session:
            count = session.scalar(select(func.count()).where(Leerling.leerlingnummer == "U0001"))
        assert count == 1
        _keep(dialog, "team-bevestigd")
    finally:
        dialog.close()
        window.close()
        wait_for_all()
        laptop.close()
        other.stop()
