"""Helpers for the UI tests: show a dialog as the active window, a tab of the Beheer page, type
into a combo, save with Ctrl+S, read the stored aanvragen, count rows, see a field marked in
error, and message boxes that never block."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QWidget
from sqlalchemy import func
from sqlalchemy import select

from swv_desktop.models import Aanvraag
from swv_desktop.ui import openers
from swv_desktop.ui.beheer import BeheerPage
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs import form_base
from swv_desktop.ui.dialogs.form_base import RecordDialog

OFFSCREEN_LIMITS = (
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
)
"""What the offscreen platform cannot do; its warnings are not failures of the forms."""

FORM_TEST_MARKS = [
    pytest.mark.qt_log_ignore(*OFFSCREEN_LIMITS),
    pytest.mark.usefixtures("prompts"),  # fake message boxes; every dialog closed afterwards
]
"""``pytestmark`` of a module of form tests (``test_forms_leerling``, ``test_forms_school``)."""


def patch_messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Record every message the forms show (title, text) instead of blocking; unsaved changes
    are discarded when a test closes a form."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(form_base, "ask_unsaved_changes", lambda _p: "discard")
    monkeypatch.setattr(
        form_base,
        "show_message",
        lambda _p, title, text, kind="warning": shown.append((title, text)),
    )
    return shown


@dataclass
class Prompts:
    """Stands in for the message boxes so a test never blocks; remembers what was shown."""

    messages: list[tuple[str, str]] = field(default_factory=list)
    unsaved_answer: str = "cancel"
    unsaved_asked: int = 0

    def show(self, parent: QWidget | None, title: str, text: str, kind: str = "warning") -> None:
        self.messages.append((title, text))

    def ask(self, parent: QWidget | None) -> str:
        self.unsaved_asked += 1
        return self.unsaved_answer


def show(qtbot: Any, dialog: QWidget) -> None:
    """Show the dialog and wait until it is the active window (where a person types)."""
    qtbot.addWidget(dialog)
    dialog.show()
    active(qtbot, dialog)


def shown(qtbot: Any, widget: QWidget) -> QWidget:
    """Show ``widget`` as the active window (shortcuts such as Ctrl+S need that); returns it."""
    show(qtbot, widget)
    return widget


def active(qtbot: Any, widget: QWidget) -> None:
    """Wait until a shown window is the active one (where a person would type)."""
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


def beheer_tab(qtbot: Any, ctx: UiContext, name: str) -> tuple[BeheerPage, Any]:
    """The Beheer page shown for ``ctx``, and its tab ``name`` (``users_tab``, ``jaren_tab``,
    ``settings_tab`` ...), which that role must see (keep the page: it owns the tab)."""
    page = BeheerPage(ctx)
    qtbot.addWidget(page)
    page.show()
    tab = getattr(page, name)
    assert tab is not None, name
    return page, tab


def record_openings(monkeypatch: pytest.MonkeyPatch, kind: str) -> list[int | None]:
    """Opening a form of ``kind`` only records the record id (and shows an empty widget)."""
    opened: list[int | None] = []

    def factory(record_id: int | None, parent: QWidget | None, ctx: UiContext) -> QWidget:
        opened.append(record_id)
        return QWidget(parent)

    monkeypatch.setitem(openers.FORMS, kind, factory)
    return opened


def save_with_ctrl_s(qtbot: Any, dialog: QWidget) -> None:
    """Press Ctrl+S where the cursor is."""
    qtbot.keyClick(
        dialog.focusWidget() or dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
    )


def choose(qtbot: Any, combo: QComboBox, text: str) -> None:
    """Pick a combo entry by typing its first letters, as with the keyboard."""
    combo.setFocus()
    qtbot.keyClicks(combo, text)
    assert combo.currentText().startswith(text), combo.currentText()


def ctx_for(world: Any, actor: Any) -> UiContext:
    """The context of a signed-in ``actor`` in the test world."""
    return UiContext(world.db, actor, world.clock)


def aanvragen_in(world: Any) -> list[SimpleNamespace]:
    """The stored aanvragen as plain rows (column values), oldest first."""
    with world.db.read() as session:
        rows = session.execute(select(Aanvraag.__table__).order_by(Aanvraag.id)).mappings()
        return [SimpleNamespace(**row) for row in rows]


def rows_of(world: Any, model: type) -> list[SimpleNamespace]:
    """Every stored row of ``model`` as plain column values, by id."""
    table = model.__table__  # type: ignore[attr-defined]
    with world.db.read() as session:
        rows = session.execute(select(table).order_by(table.c.id)).mappings()
        return [SimpleNamespace(**row) for row in rows]


def count(world: Any, model: type) -> int:
    """How many rows of ``model`` are stored."""
    with world.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def is_marked(dialog: RecordDialog, name: str) -> bool:
    """Whether the form marks field ``name`` in error, with its message visible beside it."""
    target = dialog.marks.fields[name]
    return bool(target.property("fout")) and dialog.error_labels[name].isVisibleTo(dialog)
