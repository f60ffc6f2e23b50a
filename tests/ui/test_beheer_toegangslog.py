"""Beheer > Toegangslogboek: the programmadirecteur filters the access log by pupil number, sees
who viewed that pupil, and exports what she sees to an Excel file that openpyxl reads back."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from swv_desktop.models import Toegang
from swv_desktop.models import ToegangActie
from swv_desktop.services import leerlingen
from swv_desktop.ui.beheer_toegangslog import ToegangslogTab
from swv_desktop.ui.context import UiContext

from .fixtures import Seed
from .form_helpers import beheer_tab
from .form_helpers import patch_messages

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_filter_by_pupil_number_and_export_to_excel(
    qtbot: QtBot,
    ctx_for: Callable[[str], UiContext],
    seed: Seed,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    shown = patch_messages(monkeypatch)
    cp = ctx_for("cp1")
    leerlingen.get_leerling(cp.db, cp.actor, seed.leerlingen[0])  # L1001, seen by Anouk
    leerlingen.get_leerling(cp.db, cp.actor, seed.leerlingen[1])  # L1002
    ctx = ctx_for("pd")
    _page, tab = beheer_tab(qtbot, ctx, "toegangslog_tab")
    assert isinstance(tab, ToegangslogTab)
    assert tab.total >= 2

    qtbot.keyClicks(tab.leerlingnummer, "L1001")
    qtbot.mouseClick(tab.search_button, Qt.MouseButton.LeftButton)
    assert tab.total == 1
    cells = [tab.table.item(0, c).text() for c in range(tab.table.columnCount())]
    assert cells[1:] == [
        "Anouk Contact",
        "Contactpersoon",
        "Leerling bekeken",
        "Leerling L1001",
        "L1001",
    ]
    assert tab.summary.text() == "Regels 1 tot en met 1 van 1"

    target = tmp_path / "log.xlsx"
    asked: list[str] = []

    def ask(_parent: object, _title: str, suggested: str) -> Path:
        asked.append(suggested)
        return target

    monkeypatch.setattr(ToegangslogTab, "ask_path", staticmethod(ask))
    qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    assert asked and asked[0].startswith("toegangslogboek-") and asked[0].endswith(".xlsx")
    assert shown[-1][0] == "Export opgeslagen"
    sheet = load_workbook(BytesIO(target.read_bytes())).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0] == [
        "Wanneer",
        "Door",
        "Gebruikersnaam",
        "Rol",
        "Handeling",
        "Wat",
        "Leerlingnummer",
    ]
    assert len(rows) == 2 and rows[1][1:] == [
        "Anouk Contact",
        "cp1",
        "Contactpersoon",
        "Leerling bekeken",
        "Leerling L1001",
        "L1001",
    ]
    with ctx.db.read() as s:  # the export of the log is itself in the log
        export = s.scalars(select(Toegang).where(Toegang.objectsoort == "toegangslog")).one()
        assert (export.actie, export.gebruikersnaam) == (ToegangActie.EXPORT, "pd")
        assert export.omschrijving == "Toegangslogboek, 1 rijen, gefilterd"


def test_a_period_the_wrong_way_round_is_explained(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = patch_messages(monkeypatch)
    _page, tab = beheer_tab(qtbot, ctx_for("beheer"), "toegangslog_tab")
    qtbot.keyClicks(tab.van.line, "10-10-2021")
    qtbot.keyClicks(tab.tot.line, "1-10-2021")
    qtbot.mouseClick(tab.search_button, Qt.MouseButton.LeftButton)
    assert shown[-1] == ("Toegangslogboek", "De einddatum ligt vóór de begindatum.")


def test_the_viewer_is_not_offered_to_contactpersoon_or_secretariaat(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed
) -> None:
    from swv_desktop.ui.beheer import BeheerPage

    for who in ("cp1", "sec"):
        page = BeheerPage(ctx_for(who))
        qtbot.addWidget(page)
        assert page.toegangslog_tab is None
        assert "Toegangslogboek" not in page.tab_titles()
