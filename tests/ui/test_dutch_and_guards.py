"""Dutch everywhere (Qt's own dialogs, counts of one, titles) and the unsaved-settings guard on
Ctrl+Q, done as a person would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QFileDialog
from PySide6.QtWidgets import QGroupBox
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.errors import ValidationError
from swv_desktop.models import Organisatie
from swv_desktop.services import leerlingen
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs import form_base
from swv_desktop.ui.list_configs import LIST_CONFIGS
from swv_desktop.ui.lists import ListScreen
from swv_desktop.ui.main_window import MainWindow

from .fixtures import Seed

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_qt_file_dialog_speaks_dutch(qtbot: QtBot, styled: QApplication) -> None:
    dialog = QFileDialog(None, "Beschikking opslaan")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    texts = {label.text() for label in dialog.findChildren(QLabel)}
    assert texts == {"&Zoeken in:", "Bestands&naam:", "Bestands&type:"}


def test_qt_print_dialog_speaks_dutch(qtbot: QtBot, styled: QApplication) -> None:
    dialog = QPrintDialog(QPrinter())
    qtbot.addWidget(dialog)
    titles = {box.title() for box in dialog.findChildren(QGroupBox)}
    assert "Dubbelzijdig afdrukken" in titles and "Double Sided Printing" not in titles


def test_a_count_of_one_is_singular(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed
) -> None:
    screen = ListScreen(ctx_for("pd"), LIST_CONFIGS["aanvraag"])
    qtbot.addWidget(screen)
    qtbot.keyClicks(screen.search, "2021-001")
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.count_label.text() == "1 aanvraag")


def test_an_empty_niveau_is_asked_for_not_quoted(
    db: Database, seed: Seed, ctx_for: Callable[[str], UiContext]
) -> None:
    actor = ctx_for("cp1").actor
    data = leerlingen.LeerlingInput(
        leerlingnummer="888001",
        voornaam="Testa",
        achternaam="Leeg",
        geboortedatum=date(2009, 1, 1),
        school_id=seed.schools[0],
        niveau="",
        leerjaar=1,
    )
    with pytest.raises(ValidationError) as caught:
        leerlingen.save_leerling(db, actor, data)
    [message] = [e.message for e in caught.value.errors if e.field == "niveau"]
    assert message.startswith("Kies het niveau") and "''" not in message


def test_the_title_does_not_repeat_the_product_name(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed
) -> None:
    window = MainWindow(ctx_for("pd"))
    qtbot.addWidget(window)
    assert window.windowTitle() == "Samenwerkingsverband VO Testregio"
    assert "Maatwerkbudget" not in window.windowTitle()  # Qt adds the display name itself


def test_ctrl_q_with_unsaved_settings_asks_first(
    qtbot: QtBot,
    ctx_for: Callable[[str], UiContext],
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers = ["cancel", "save"]
    asked: list[str] = []

    def ask(_parent: object) -> str:
        asked.append("gevraagd")
        return answers.pop(0)

    monkeypatch.setattr(form_base, "ask_unsaved_changes", ask)
    window = MainWindow(ctx_for("beheer"))
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    page = window.show_page("beheer")
    page.tabs.setCurrentWidget(page.settings_tab)
    field = page.settings_tab.edits["plaats"]
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "Nieuwstad")
    window.show_page("overzicht")
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["gevraagd"] and window.isVisible()  # "Terug naar formulier"
    assert window.current_key() == "beheer"  # shown where the change is
    with db.read() as session:
        assert session.scalars(select(Organisatie.plaats)).one() == "Teststad"
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["gevraagd", "gevraagd"] and not window.isVisible()
    with db.read() as session:
        assert session.scalars(select(Organisatie.plaats)).one() == "Nieuwstad"
