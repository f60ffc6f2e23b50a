"""Keyboard and feedback, as a person: from the search to the results with Down or Enter, Tab out
of a table, Ctrl+2 to a page, an error mark that goes when the field is fixed, "Opgeslagen." on
Ctrl+S in a form that stays open, and disabled buttons that look disabled."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs import form_base
from swv_desktop.ui.dialogs.aanvraag_form import AanvraagDialog
from swv_desktop.ui.dialogs.school_forms import BestuurDialog
from swv_desktop.ui.list_configs import LIST_CONFIGS
from swv_desktop.ui.lists import ListScreen
from swv_desktop.ui.main_window import MainWindow

from .fixtures import Seed
from .form_helpers import OFFSCREEN_LIMITS
from .form_helpers import record_openings
from .form_helpers import save_with_ctrl_s
from .form_helpers import show

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_LIMITS)


def test_down_from_the_search_goes_to_the_results_and_enter_opens(
    qtbot: QtBot,
    ctx_for: Callable[[str], UiContext],
    seed: Seed,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened = record_openings(monkeypatch, "leerling")
    screen = ListScreen(ctx_for("cp1"), LIST_CONFIGS["leerling"])
    show(qtbot, screen)
    screen.focus_search()
    qtbot.keyClicks(screen.search, "Jansen")
    qtbot.keyClick(screen.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is screen.table
    assert screen.table.currentIndex().row() == 0
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    assert opened == [screen.model.row_at(0).id]
    # Enter in the search field does the same
    screen.focus_search()
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is screen.table
    # Tab leaves the table instead of walking its cells
    qtbot.keyClick(screen.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not screen.table


def test_ctrl_number_opens_a_page(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed
) -> None:
    window = MainWindow(ctx_for("pd"))
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == window.page_keys[2] == "aanvragen"
    assert QApplication.focusWidget() is window.pages["aanvragen"].search


def test_an_error_mark_goes_when_the_field_is_fixed(
    qtbot: QtBot,
    ctx_for: Callable[[str], UiContext],
    seed: Seed,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(form_base, "show_message", lambda *_a, **_k: None)
    monkeypatch.setattr(form_base, "ask_unsaved_changes", lambda _p: "discard")
    dialog = BestuurDialog(ctx_for("sec"))
    show(qtbot, dialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.naam.property("fout") is True
    assert dialog.error_labels["naam"].isVisibleTo(dialog)
    dialog.naam.setFocus()
    qtbot.keyClicks(dialog.naam, "S")
    assert not dialog.naam.property("fout")
    assert not dialog.error_labels["naam"].isVisibleTo(dialog)


def test_ctrl_s_in_a_form_that_stays_open_says_it_saved(
    qtbot: QtBot,
    ctx_for: Callable[[str], UiContext],
    seed: Seed,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(form_base, "show_message", lambda _p, _t, text, *_a: shown.append(text))
    form = AanvraagDialog(ctx_for("cp1"), seed.aanvragen["concept"])
    show(qtbot, form)
    form.velden.omschrijving.setFocus()
    qtbot.keyClicks(form.velden.omschrijving, " Aangevuld.")
    assert not form.saved_note.isVisible()
    save_with_ctrl_s(qtbot, form)
    assert shown == []
    assert form.isVisible() and form.saved_note.isVisible()
    assert form.saved_note.text() == "Opgeslagen."
    assert not form.is_dirty()


def test_disabled_buttons_look_disabled(styled: QApplication) -> None:
    palette = styled.palette()
    role = QPalette.ColorRole.ButtonText
    assert palette.color(QPalette.ColorGroup.Disabled, role) != palette.color(
        QPalette.ColorGroup.Active, role
    )
