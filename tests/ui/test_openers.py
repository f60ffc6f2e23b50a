"""The opener registry: registered forms open records; without one a read-only view does."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from swv_desktop.ui import openers
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.openers import DetailView

from .conftest import MessageLog
from .fixtures import Seed

pytestmark = [
    pytest.mark.qt_log_ignore("propagateSizeHints"),
    pytest.mark.usefixtures("clean_registry"),
]


def test_unregistered_kind_gets_the_detail_view(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed
) -> None:
    ctx = ctx_for("sec")
    view = openers.build("beschikking", seed.beschikking_id, None, ctx)
    qtbot.addWidget(view)
    assert isinstance(view, DetailView)
    texts = [
        w.text() for w in view.findChildren(type(view.findChild(QWidget, ""))) if hasattr(w, "text")
    ]
    joined = " ".join(str(t) for t in texts)
    assert "MWB-2021-001" in joined and "Nog niet uitgegeven" in joined


def test_registered_factory_is_used_and_told_when_closed(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed
) -> None:
    calls: list[tuple[int | None, UiContext]] = []
    closed: list[int] = []

    def factory(record_id: int | None, parent: QWidget | None, ctx: UiContext) -> QWidget:
        calls.append((record_id, ctx))
        return QDialog(parent)

    openers.register("school", factory)
    assert openers.is_registered("school")
    ctx = ctx_for("sec")
    dialog = openers.open_record("school", seed.schools[0], None, ctx, closed.append)
    qtbot.addWidget(dialog)
    assert isinstance(dialog, QDialog) and dialog.isVisible()
    assert calls == [(seed.schools[0], ctx)]
    dialog.accept()
    assert closed == [QDialog.DialogCode.Accepted.value]
    openers.unregister("school")
    assert not openers.is_registered("school")


def test_new_without_a_form_says_so(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed, messages: MessageLog
) -> None:
    assert openers.new_record("bestuur", None, ctx_for("sec")) is None
    assert "nieuwe bestuur is nog niet beschikbaar" in messages.texts()


def test_load_dialogs_tolerates_any_state() -> None:
    openers.load_dialogs()  # whatever swv_desktop.ui.dialogs holds, this must not raise
