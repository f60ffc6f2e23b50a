"""The Overzicht: budget meter with Dutch amounts and colour, counts per status, what waits for
a decision, overdue progress talks (a contactpersoon sees their own) and open budget notes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.formatting import money
from swv_desktop.models import BudgetNotitie
from swv_desktop.models import Status
from swv_desktop.services.budget import budget_level
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dashboard import Dashboard
from swv_desktop.ui.main_window import MainWindow
from swv_desktop.ui.widgets.budget_meter import BudgetMeter

from .fixtures import Seed

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def shown(qtbot: QtBot, ctx: UiContext) -> Dashboard:
    bestuur = Dashboard(ctx)
    qtbot.addWidget(bestuur)
    bestuur.resize(1100, 800)
    with qtbot.waitSignal(bestuur.data_shown, timeout=10_000):
        bestuur.show()
    return bestuur


def test_budget_levels() -> None:
    budget = 15_000_000
    assert budget_level(budget, 13_499_999) == "ok"
    assert budget_level(budget, 13_500_000) == "amber"  # 90%
    assert budget_level(budget, budget) == "amber"
    assert budget_level(budget, budget + 1) == "red"


def test_meter_shows_dutch_amounts(qtbot: QtBot) -> None:
    meter = BudgetMeter()
    qtbot.addWidget(meter)
    meter.set_values("2021-2022", 15_000_000, 15_250_000, 800_000)
    assert meter.values["toegekend"].text() == "€ 152.500,00"
    assert meter.values["resterend"].text() == money(-250_000)
    assert meter.level == "red"
    assert "Budget overschreden met € 2.500,00" in meter.status.text()


def test_programmadirecteur_sees_everything(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed
) -> None:
    bestuur = shown(qtbot, ctx_for("pd"))
    assert bestuur.schooljaar_id() == seed.schooljaar_id
    values = {k: v.text() for k, v in bestuur.meter.values.items()}
    assert values == {
        "toegekend": "€ 6.000,00",
        "in_behandeling": "€ 33.000,00",  # 5.000 + 3.000 + 25.000 (the group)
        "vrijgevallen": "€ 0,00",  # nothing settled: the row is hidden
        "resterend": "€ 144.000,00",
        "budget": "€ 150.000,00",
    }
    assert not bestuur.meter.values["vrijgevallen"].isVisibleTo(bestuur)
    assert bestuur.meter.level == "ok"
    assert bestuur.count_buttons[Status.TOEGEKEND].text() == "1"
    assert bestuur.count_buttons[Status.CONCEPT].text() == "1"
    assert bestuur.count_buttons[Status.AFGEWEZEN].text() == "0"
    assert bestuur.waiting_card is not None and bestuur.waiting_card.row_count() == 1
    assert bestuur.waiting_card.table.item(0, 0).text() == "2021-002"
    assert bestuur.notes_card is not None and bestuur.notes_card.row_count() == 1
    assert bestuur.notes_card.table.item(0, 2).text() == "€ 1.200,00"
    assert bestuur.overdue_card is not None and bestuur.overdue_card.row_count() == 1


def test_contactpersoon_sees_only_own_overdue_gesprekken(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed
) -> None:
    own = shown(qtbot, ctx_for("cp1"))
    assert own.overdue_card is not None
    assert own.overdue_card.heading.text() == "Uw achterstallige voortgangsgesprekken"
    assert own.overdue_card.row_count() == 1
    assert own.overdue_card.table.item(0, 0).text() == "2021-001"
    assert own.waiting_card is None and own.notes_card is None
    other = shown(qtbot, ctx_for("cp2"))
    assert other.overdue_card is not None and other.overdue_card.row_count() == 0
    assert other.overdue_card.empty.isVisibleTo(other)


def test_secretariaat_sees_letters_to_send_not_leerlingen(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed
) -> None:
    bestuur = shown(qtbot, ctx_for("sec"))
    assert bestuur.overdue_card is None and bestuur.waiting_card is None
    assert (
        bestuur.unsent_card is not None and bestuur.unsent_card.row_count() == 0
    )  # not issued yet


def test_status_count_opens_the_filtered_list(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed
) -> None:
    window = MainWindow(ctx_for("pd"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.dashboard.data_shown, timeout=10_000):
        window.show()
    window.dashboard.count_buttons[Status.INGEDIEND].click()
    assert window.current_key() == "aanvragen"
    screen = window.pages["aanvragen"]
    assert screen.model.total == 1
    assert screen.model.row_at(0).nummer == "2021-003"


def test_programmadirecteur_records_that_the_bestuur_was_informed(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed, db: Database
) -> None:
    from PySide6.QtCore import Qt

    from swv_desktop.ui.dialogs.budget_note_dialog import BudgetNoteDialog
    from swv_desktop.ui.dialogs.opening import open_windows

    board = shown(qtbot, ctx_for("pd"))
    qtbot.mouseClick(board.inform_button, Qt.MouseButton.LeftButton)
    [dialog] = [w for w in open_windows() if isinstance(w, BudgetNoteDialog)]
    assert dialog.datum.value() == date(2021, 10, 4)  # today
    qtbot.keyClicks(dialog.wat_gemeld, "Per e-mail aan de voorzitter gemeld, met de redenen.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with db.read() as session:
        note = session.scalars(select(BudgetNotitie)).one()
        assert note.bestuur_geinformeerd_op == date(2021, 10, 4)
        assert note.wat_gemeld.startswith("Per e-mail")
    qtbot.waitUntil(lambda: board.notes_card is not None and board.notes_card.row_count() == 0)
    assert not board.inform_button.isEnabled()


def test_talks_coming_up_beside_the_overdue_ones(
    qtbot: QtBot,
    ctx_for: Callable[[str], UiContext],
    seed: Seed,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from datetime import timedelta

    from openpyxl import load_workbook

    from swv_desktop.services import voortgang
    from swv_desktop.ui.dialogs import form_base
    from swv_desktop.ui.voortgang_page import VoortgangPage

    ctx = ctx_for("cp1")
    due = voortgang.overdue_gesprekken(db, ctx.actor, ctx.today())[0].due
    db.clock.set_date(due - timedelta(days=12))  # type: ignore[attr-defined]
    own = shown(qtbot, ctx)
    assert own.upcoming_card is not None and own.overdue_card is not None
    assert own.upcoming_card.heading.text() == "Voortgangsgesprekken binnenkort (30 dagen)"
    assert own.overdue_card.row_count() == 0
    assert [own.upcoming_card.table.item(0, c).text() for c in (0, 4)] == ["2021-001", "12"]
    page = VoortgangPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert [page.tabs.tabText(i) for i in range(2)] == ["Te laat (0)", "Binnenkort (1)"]
    page.tabs.setCurrentIndex(1)
    assert page.upcoming_model.headerData(5, Qt.Orientation.Horizontal) == "Over (dagen)"
    assert page.upcoming_model.data(page.upcoming_model.index(0, 5)) == "12"
    assert page._current_id() == seed.aanvragen["toegekend"]
    saved: list[Path] = []
    page.ask_path = lambda _p, _t, name: saved.append(tmp_path / name) or saved[-1]
    shown_messages: list[str] = []
    monkeypatch.setattr(form_base, "show_message", lambda _p, t, _x, *_a: shown_messages.append(t))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert shown_messages == ["Export opgeslagen"]
    ws = load_workbook(saved[0]).active
    assert (
        ws is not None and saved[0].name == f"gesprekken-binnenkort-{ctx.today().isoformat()}.xlsx"
    )
    assert [c.value for c in ws[1]][-1] == "Over (dagen)"
    assert [c.value for c in ws[2]][0] == "2021-001" and [c.value for c in ws[2]][-1] == 12
    other = shown(qtbot, ctx_for("cp2"))
    assert other.upcoming_card is not None and other.upcoming_card.row_count() == 0
