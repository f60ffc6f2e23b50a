"""The opener map: every record kind opens its own form, and an open form stays alive."""

from __future__ import annotations

import gc
from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from swv_desktop.ui import openers
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs.aanvraag_form import AanvraagDialog
from swv_desktop.ui.dialogs.beschikking_view import BeschikkingView
from swv_desktop.ui.dialogs.budget_note_dialog import BudgetNoteDialog
from swv_desktop.ui.dialogs.opening import open_windows
from swv_desktop.ui.dialogs.school_forms import BestuurDialog
from swv_desktop.ui.dialogs.voortgang_dialog import VoortgangDialog

from .fixtures import Seed

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_each_kind_builds_its_form(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed
) -> None:
    pd, cp = ctx_for("pd"), ctx_for("cp1")  # the contactpersoon holds the progress talk
    for kind, record_id, cls, ctx in (
        ("aanvraag", seed.aanvragen["ingediend"], AanvraagDialog, pd),
        ("beschikking", seed.beschikking_id, BeschikkingView, pd),
        ("bestuur", seed.besturen[0], BestuurDialog, pd),
        ("voortgang", seed.aanvragen["toegekend"], VoortgangDialog, cp),
        ("budget_notitie", 1, BudgetNoteDialog, pd),
    ):
        widget = openers.build(kind, record_id, None, ctx)
        qtbot.addWidget(widget)
        assert type(widget) is cls, kind


def test_an_unknown_kind_fails_loudly(ctx_for: Callable[[str], UiContext]) -> None:
    with pytest.raises(KeyError):
        openers.build("onbekend", 1, None, ctx_for("pd"))


def test_an_open_form_survives_garbage_collection_and_reports_its_result(
    qtbot: QtBot, ctx_for: Callable[[str], UiContext], seed: Seed
) -> None:
    closed: list[int] = []
    openers.open_record("bestuur", seed.besturen[0], None, ctx_for("sec"), closed.append)
    gc.collect()
    [dialog] = [w for w in open_windows() if isinstance(w, BestuurDialog)]
    assert dialog.read_only is False and dialog.isVisible()  # the Python side is intact
    dialog.accept()
    assert closed == [QDialog.DialogCode.Accepted.value]
