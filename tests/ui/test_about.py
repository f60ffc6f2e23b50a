"""Over dit programma: the version, the database file, encryption, the log folder and the server
line; Kopiëren puts them on the clipboard without personal data."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from swv_desktop import __version__
from swv_desktop import paths
from swv_desktop.db import Database
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs.about_dialog import AboutDialog

from .fixtures import Seed


def test_about_says_where_everything_is(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed, db: Database
) -> None:
    dialog = AboutDialog(ctx_for("beheer"))
    qtbot.addWidget(dialog)
    dialog.show()
    shown = {label: widget.text() for label, widget in dialog.values.items()}
    assert shown["Versie"] == __version__
    assert shown["Database"] == str(db.path)
    assert shown["Versleuteld"].startswith("Ja")
    assert shown["Logbestand"] == str(paths.log_dir())
    assert shown["Team-server"].startswith("Geen")
    assert "verwacht" in shown["Schemaversie"]
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text()
    assert f"Versie: {__version__}" in copied.splitlines()
    assert "Daan" not in copied and "Jansen" not in copied  # no pupil of the seed
