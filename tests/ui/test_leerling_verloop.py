"""The Verloop tab of a pupil: the whole story, and each line opens its own form with one
click or Enter (an outcome goes to the Uitkomst tab)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from world import World

from swv_desktop.models import Beoordeling
from swv_desktop.models import LeerlingResultaat
from swv_desktop.models import Uitkomst
from swv_desktop.services import leerlingen
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs.beschikking_view import BeschikkingView
from swv_desktop.ui.dialogs.leerling_form import LeerlingDialog
from swv_desktop.ui.dialogs.opening import open_windows


@pytest.fixture
def closing(qapp: QApplication) -> Iterator[None]:
    yield
    for widget in open_windows():
        if isinstance(widget, QDialog):
            widget.reject()
    qapp.processEvents()


def test_verloop_shows_the_story_and_opens_each_line(
    qtbot: QtBot, world: World, closing: None
) -> None:
    pupil = world.add_leerling("L6001")
    aid = world.ready_for_besluit(world.individual(pupil, 500_000))
    world.award(aid, Uitkomst.TOEGEKEND, 500_000, "Voldoet aan alle voorwaarden.")
    world.outcome(pupil, LeerlingResultaat.REGULIER_VO, Beoordeling.GOED)
    ctx = UiContext(db=world.db, actor=world.directeur, clock=world.clock)
    dialog = LeerlingDialog(ctx, leerlingen.get_leerling(world.db, world.directeur, pupil))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.dossier_panel)
    table = dialog.dossier_panel.table
    kinds = [table.item(r, 1).text() for r in range(table.rowCount())]
    assert kinds == ["Uitkomst", "Beschikking", "Besluit", "Aanvraag"]

    qtbot.waitUntil(table.isVisible)
    rect = table.visualRect(table.model().index(1, 2))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # one click
    letters = [w for w in open_windows() if isinstance(w, BeschikkingView)]
    assert len(letters) == 1

    table.setCurrentCell(0, 0)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert dialog.tabs.currentWidget() is dialog.uitkomst_panel


def test_a_new_pupil_has_no_verloop_yet(qtbot: QtBot, world: World) -> None:
    ctx = UiContext(db=world.db, actor=world.contactpersoon, clock=world.clock)
    dialog = LeerlingDialog(ctx, None)
    qtbot.addWidget(dialog)
    assert not dialog.tabs.isTabEnabled(dialog.tabs.indexOf(dialog.dossier_panel))
