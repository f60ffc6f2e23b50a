"""List screens: typing in the search box and choosing filters narrows the list (in SQL, or in
memory once the list's rows are loaded);
double-click or Enter opens the record through the opener registry."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QPoint
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from swv_desktop.models import Status
from swv_desktop.ui import openers
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs import form_base
from swv_desktop.ui.dialogs.aanvraag_form import AanvraagDialog
from swv_desktop.ui.list_configs import LIST_CONFIGS
from swv_desktop.ui.lists import ListScreen

from .fixtures import Seed

pytestmark = [
    pytest.mark.qt_log_ignore("propagateSizeHints"),
]


def make_screen(qtbot: QtBot, ctx: UiContext, kind: str) -> ListScreen:
    screen = ListScreen(ctx, LIST_CONFIGS[kind])
    qtbot.addWidget(screen)
    screen.resize(1100, 600)
    screen.show()
    return screen


def test_typing_filters_the_leerlingen(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed
) -> None:
    screen = make_screen(qtbot, ctx_for("pd"), "leerling")
    assert screen.model.rowCount() == 12
    assert screen.count_label.text() == "12 leerlingen"
    qtbot.keyClicks(screen.search, "van de")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2, timeout=3000)
    names = {screen.model.row_at(r).naam for r in range(2)}
    assert names == {"Meer, Tess van der", "Berg, Saar van den"}
    assert screen.count_label.text() == "2 leerlingen"
    qtbot.keyClicks(screen.search, "r")  # "van der": Tess van der Meer only
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=3000)
    assert screen.model.row_at(0).leerlingnummer == "L1006"
    screen.search.clear()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 12, timeout=3000)


def test_typing_after_the_list_loaded_filters_in_memory(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed
) -> None:
    """Once every row of the list is loaded (off the GUI thread) a keystroke filters in memory:
    the same pupils as the SQL search, the count at once and no query (the rows stay loaded);
    a new sort or a refresh after a save loads them again."""
    screen = make_screen(qtbot, ctx_for("pd"), "leerling")
    qtbot.waitUntil(lambda: screen.model.searchable_ready, timeout=5000)
    qtbot.keyClicks(screen.search, "van de")
    screen.apply_filter()  # the typing pause, without waiting for it
    assert screen.model.searchable_ready  # filtered in memory: nothing was queried again
    assert {screen.model.row_at(r).naam for r in range(screen.model.rowCount())} == {
        "Meer, Tess van der",
        "Berg, Saar van den",
    }
    assert screen.count_label.text() == "2 leerlingen"
    qtbot.keyClicks(screen.search, "r")
    screen.apply_filter()
    assert [screen.model.row_at(r).leerlingnummer for r in range(screen.model.rowCount())] == [
        "L1006"
    ]
    screen.search.clear()
    screen.apply_filter()
    assert screen.model.rowCount() == 12 and screen.count_label.text() == "12 leerlingen"
    screen.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # leerlingnummer, high first
    assert not screen.model.searchable_ready
    qtbot.waitUntil(lambda: screen.model.searchable_ready, timeout=5000)
    qtbot.keyClicks(screen.search, "van")
    screen.apply_filter()
    numbers = [screen.model.row_at(r).leerlingnummer for r in range(screen.model.rowCount())]
    assert numbers == sorted(numbers, reverse=True) and "L1006" in numbers
    screen.refresh()  # after a save
    assert not screen.model.searchable_ready
    qtbot.waitUntil(lambda: screen.model.searchable_ready, timeout=5000)


def test_filter_choices_narrow_the_applications(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed
) -> None:
    screen = make_screen(qtbot, ctx_for("pd"), "aanvraag")
    assert screen.model.total == 5
    screen.set_choice("status", Status.TER_BESLUITVORMING.value)
    assert [screen.model.row_at(r).nummer for r in range(screen.model.rowCount())] == ["2021-002"]
    screen.set_choice("status", None)
    screen.set_choice("contactpersoon", seed.users["cp2"])
    assert screen.model.total == 1
    screen.set_choice("contactpersoon", None)
    screen.set_choice("schooljaar", seed.schooljaar2_id)
    assert screen.model.total == 0
    assert screen.count_label.text() == "0 aanvragen"


def test_double_click_opens_the_form(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed
) -> None:
    screen = make_screen(qtbot, ctx_for("pd"), "aanvraag")
    screen.search.setText("2021-001")
    screen.apply_filter()
    assert screen.model.rowCount() == 1
    rect = screen.table.visualRect(screen.model.index(0, 1))
    # a person's double-click: press and release, then the second click (Qt needs both)
    qtbot.mouseClick(screen.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(screen.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    forms = [w for w in screen.findChildren(AanvraagDialog)]
    assert len(forms) == 1 and forms[0].isVisible()
    assert forms[0].detail is not None and forms[0].detail.nummer == "2021-001"
    forms[0].reject()


def test_enter_opens_the_form(
    qtbot: QtBot,
    ctx_for: Callable[[str], UiContext],
    seed: Seed,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[int | None] = []

    def factory(record_id: int | None, parent: QWidget | None, ctx: UiContext) -> QWidget:
        opened.append(record_id)
        return QWidget(parent)

    monkeypatch.setitem(openers.FORMS, "leerling", factory)
    screen = make_screen(qtbot, ctx_for("pd"), "leerling")
    screen.table.setFocus()
    screen.table.setCurrentIndex(screen.model.index(0, 0))
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    first = screen.model.row_at(0)
    assert opened == [first.id]
    screen.create_new()
    assert opened == [first.id, None]


def test_sorting_a_column_requeries(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed
) -> None:
    screen = make_screen(qtbot, ctx_for("pd"), "leerling")
    column = screen.model.COL_GEBOORTEDATUM
    screen.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    dates = [screen.model.row_at(r).geboortedatum for r in range(screen.model.rowCount())]
    assert dates == sorted(dates, reverse=True)


def test_a_contactpersoon_lists_only_the_pupils_of_her_own_schools(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed
) -> None:
    screen = make_screen(qtbot, ctx_for("cp1"), "leerling")
    assert screen.model.rowCount() == 10  # two pupils are at the school of cp2
    assert screen.count_label.text() == "10 leerlingen"
    other = make_screen(qtbot, ctx_for("cp2"), "leerling")
    assert other.model.rowCount() == 2


def test_naar_excel_saves_the_list_as_shown(
    qtbot: QtBot,
    ctx_for: Callable[[str], UiContext],
    seed: Seed,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        form_base, "show_message", lambda _p, title, text, *_a: shown.append((title, text))
    )
    screen = make_screen(qtbot, ctx_for("cp1"), "leerling")
    asked: list[str] = []

    def ask(_parent: QWidget | None, _title: str, suggested: str) -> Path:
        asked.append(suggested)
        return tmp_path / suggested

    screen.ask_path = ask
    qtbot.keyClicks(screen.search, "van")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3, timeout=3000)
    header = screen.table.horizontalHeader()
    qtbot.mouseClick(  # sort on the pupil number, descending: click its header twice
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(0) + 10, header.height() // 2),
    )
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(0) + 10, header.height() // 2),
    )
    expected = [screen.model.row_at(r).leerlingnummer for r in range(3)]
    assert expected == sorted(expected, reverse=True)
    qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)

    assert asked == ["leerlingen-2021-10-04.xlsx"]  # the date, never a name
    assert shown == [("Export opgeslagen", f"3 leerlingen staan in {tmp_path / asked[0]}.")]
    ws = load_workbook(tmp_path / asked[0]).active
    assert ws is not None
    rows = [tuple(c.value for c in row) for row in ws.iter_rows()]
    assert rows[0] == tuple(c.header for c in screen.model.COLUMNS)
    assert [r[0] for r in rows[1:]] == expected


def test_naar_excel_is_not_offered_without_the_list(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed
) -> None:
    assert make_screen(qtbot, ctx_for("cp1"), "aanvraag").export_button.isVisible()
    assert make_screen(qtbot, ctx_for("beheer"), "school").export_button.isVisible()
    assert not make_screen(qtbot, ctx_for("sec"), "leerling").export_button.isVisible()
