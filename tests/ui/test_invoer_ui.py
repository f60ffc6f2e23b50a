"""Bad input typed in the window ends in a Dutch message on the field, never in the bug dialog;
lowering a budget below what is awarded asks for the reason (and saves nothing without one)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import func
from sqlalchemy import select

from swv_desktop.models import AuditEntry
from swv_desktop.models import BudgetNotitie
from swv_desktop.models import Schooljaar
from swv_desktop.ui import beheer_jaren
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs.form_widgets import DateEdit
from swv_desktop.ui.dialogs.form_widgets import MoneyEdit

from .fixtures import Seed
from .form_helpers import beheer_tab
from .messages import MessageLog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _select(tab: beheer_jaren.SchooljarenTab, label: str) -> None:
    row = next(i for i, j in enumerate(tab.jaren) if j.label == label)
    tab.table.selectRow(row)
    assert tab.label.text() == label


def _counts(ctx: UiContext) -> tuple[int, int, int]:
    with ctx.db.read() as s:
        return (
            s.scalar(select(func.count(AuditEntry.id))) or 0,
            s.scalar(select(func.count(BudgetNotitie.id))) or 0,
            s.scalar(select(Schooljaar.budget_cents).where(Schooljaar.label == "2021-2022")) or 0,
        )


def test_27_digits_in_an_amount_field_is_a_dutch_message(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed, messages: MessageLog
) -> None:
    ctx = ctx_for("pd")
    _page, tab = beheer_tab(qtbot, ctx, "jaren_tab")
    before = _counts(ctx)
    tab.budget_cents.clear()
    qtbot.keyClicks(tab.budget_cents, "1" * 27)
    tab.save_button.click()
    assert tab.budget_cents.property("fout") is True
    assert "te groot voor een bedrag" in messages.texts()
    assert _counts(ctx) == before


def test_widgets_answer_any_typed_text_with_value_error(qtbot: QtBot) -> None:
    money, day = MoneyEdit(), DateEdit()
    qtbot.addWidget(money)
    qtbot.addWidget(day)
    for typed in ("1" * 27, "9" * 400, "١٢٣", "1e9", "€ -5", "12,345"):
        money.line.setText(typed)
        with pytest.raises(ValueError):
            money.cents()
    for typed in ("01-01-0001", "31-12-9999", "٠١-٠٨-٢٠٢١", "1" * 300):
        day.line.setText(typed)
        with pytest.raises(ValueError):
            day.value()


def test_lowering_the_budget_below_the_awards_asks_a_reason(
    qtbot: QtBot,
    ctx_for: Callable[[str], UiContext],
    seed: Seed,
    messages: MessageLog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ctx = ctx_for("pd")
    _page, tab = beheer_tab(qtbot, ctx, "jaren_tab")
    _select(tab, "2021-2022")
    asked: list[str] = []

    def go_back(_parent: object, error: beheer_jaren.BudgetVerlaging) -> None:
        asked.append(error.message)
        return None

    monkeypatch.setattr(beheer_jaren, "ask_lowering_reason", go_back)
    before = _counts(ctx)
    tab.budget_cents.clear()
    qtbot.keyClicks(tab.budget_cents, "5.000")
    tab.save_button.click()
    assert asked and "€ 6.000,00" in asked[0]
    assert _counts(ctx) == before  # going back saves nothing

    monkeypatch.setattr(
        beheer_jaren, "ask_lowering_reason", lambda _p, _e: "Gemeente kort de bijdrage."
    )
    tab.save_button.click()
    audits, notes, budget = _counts(ctx)
    assert (audits, notes, budget) == (before[0] + 1, before[1] + 1, 500_000)
    with ctx.db.read() as s:
        note = s.scalars(select(BudgetNotitie).order_by(BudgetNotitie.id.desc())).first()
        assert note is not None and note.overschrijding_cents == 100_000
        assert "Gemeente kort de bijdrage." in note.reden


def test_the_lowering_dialog_needs_a_reason(qtbot: QtBot) -> None:
    error = beheer_jaren.BudgetVerlaging("2021-2022", 500_000, 600_000)
    dialog = beheer_jaren.VerlagingDialog(None, error)
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.reden, "Gemeente trekt haar bijdrage in.")
    assert dialog.ok_button.isEnabled()
    assert "€ 1.000,00" in dialog.findChildren(QLabel)[0].text()
