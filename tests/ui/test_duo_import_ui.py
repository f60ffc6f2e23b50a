"""Importeren uit DUO as the secretariaat does it: choose the two DUO files, name the gemeente,
look at the preview, import, and see the schools in the list; the same files again add nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func
from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.models import School
from swv_desktop.models import Schoolbestuur
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs import duo_import_dialog
from swv_desktop.ui.dialogs import form_base
from swv_desktop.ui.dialogs.duo_import_dialog import DuoImportDialog
from swv_desktop.ui.scholen_page import ScholenPage

from .fixtures import Seed

DATA = Path(__file__).parent.parent / "data" / "duo"
FILES = [DATA / "02-alle-vestigingen-vo.csv", DATA / "adressen-bevoegde-gezagen-vo.csv"]


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(duo_import_dialog, "choose_files", lambda _parent: list(FILES))
    monkeypatch.setattr(duo_import_dialog, "confirm_import", lambda _parent, _summary: True)
    monkeypatch.setattr(
        form_base, "show_message", lambda _p, title, text, *_a: shown.append((title, text))
    )
    return shown


def _counts(db: Database) -> tuple[int, int]:
    with db.read() as s:
        return (
            int(s.scalar(select(func.count(Schoolbestuur.id))) or 0),
            int(s.scalar(select(func.count(School.id))) or 0),
        )


def _open(qtbot: QtBot, ctx: UiContext) -> tuple[ScholenPage, DuoImportDialog]:
    page = ScholenPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(DuoImportDialog)
    assert isinstance(dialog, DuoImportDialog)
    return page, dialog


def test_import_from_duo_like_a_person(
    qtbot: QtBot,
    ctx_for: Callable[[str], UiContext],
    seed: Seed,
    db: Database,
    answers: list[tuple[str, str]],
) -> None:
    page, dialog = _open(qtbot, ctx_for("sec"))
    before = _counts(db)
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert (
        dialog.files_label.text() == "02-alle-vestigingen-vo.csv, adressen-bevoegde-gezagen-vo.csv"
    )
    qtbot.keyClicks(dialog.gemeenten, "Teststad")
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert dialog.summary.text() == "2 besturen en 4 scholen toevoegen, 2 overslaan."
    assert _counts(db) == before  # the preview writes nothing
    first = [dialog.table.item(0, c).text() for c in range(4)]
    assert first == ["Bestuur", "41234", "Stichting Testonderwijs", "Toevoegen"]
    tick = QPoint(8, dialog.alleen_bestaande.height() // 2)  # on the box itself
    qtbot.mouseClick(dialog.alleen_bestaande, Qt.MouseButton.LeftButton, pos=tick)  # a change...
    assert not dialog.import_button.isEnabled()  # ...so the preview must be shown again
    qtbot.mouseClick(dialog.alleen_bestaande, Qt.MouseButton.LeftButton, pos=tick)
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    assert answers[-1][0] == "Geïmporteerd"
    assert "Scholen: 4 toegevoegd, 0 gewijzigd." in answers[-1][1]
    assert _counts(db) == (before[0] + 2, before[1] + 4)
    qtbot.waitUntil(lambda: page.scholen.model.total == before[1] + 4, timeout=3000)

    _page, again = _open(qtbot, ctx_for("sec"))
    qtbot.mouseClick(again.choose_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(again.gemeenten, "Teststad")
    qtbot.mouseClick(again.preview_button, Qt.MouseButton.LeftButton)
    assert again.summary.text() == "8 overslaan."
    assert not again.import_button.isEnabled()
    again.reject()


def test_the_import_is_not_offered_to_a_contactpersoon(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed
) -> None:
    page = ScholenPage(ctx_for("cp1"))
    qtbot.addWidget(page)
    page.show()
    assert not page.import_button.isVisible()
    assert isinstance(page, QWidget)
