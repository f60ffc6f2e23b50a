"""The VSO-expertise page as a contactpersoon uses it: Nieuwe inzet, type the deployment, save,
see it in the register with its hours, open it again, and export the register to Excel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.models import VraagSoort
from swv_desktop.models import VsoInzet
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs.opening import open_windows
from swv_desktop.ui.dialogs.vso_form import VsoInzetDialog
from swv_desktop.ui.vso_page import VsoPage

from .fixtures import Seed
from .form_helpers import choose
from .form_helpers import patch_messages
from .form_helpers import save_with_ctrl_s


def _form() -> VsoInzetDialog:
    forms = [w for w in open_windows() if isinstance(w, VsoInzetDialog)]
    assert len(forms) == 1
    return forms[0]


def test_record_a_deployment_and_export_the_register(
    qtbot: QtBot,
    ctx_for: Callable[[str], UiContext],
    seed: Seed,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    shown = patch_messages(monkeypatch)
    page = VsoPage(ctx_for("cp1"))
    qtbot.addWidget(page)
    page.show()
    assert page.summary.text() == "1 inzet, 6 uur"  # the fixture's one
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    form = _form()
    assert form.schooljaar.currentText() == "2021-2022"  # the schooljaar of today
    assert [form.school.itemText(i) for i in range(form.school.count())] == [
        "Het Noorderlicht College (01AA00)",
        "Zuiderpark Lyceum (03CC00)",
    ]  # her own schools only
    choose(qtbot, form.school, "Zuid")
    qtbot.keyClicks(form.partner, "De Ontdekking")
    choose(qtbot, form.soort, "Gedrag")
    qtbot.keyClicks(form.vraag, "Hoe gaan we om met woede-uitbarstingen in de les?")
    qtbot.keyClicks(form.wat, "Observatie en intervisie met het team.")
    qtbot.keyClicks(form.uren, "2,5")
    qtbot.keyClicks(form.start.line, "20-09-2021")
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    form.uren.setFocus()
    save_with_ctrl_s(qtbot, form)
    assert shown == []
    assert {n: lbl.text() for n, lbl in form.error_labels.items() if lbl.text()} == {}
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=3000)
    with db.read() as s:
        row = s.scalars(select(VsoInzet).order_by(VsoInzet.id.desc())).first()
        assert row is not None
        assert (row.minuten, row.vraag_soort, row.school.naam) == (
            150,
            VraagSoort.GEDRAG,
            "Zuiderpark Lyceum",
        )
    cells = [page.table.item(0, c).text() for c in range(6)]
    assert cells == ["20-09-2021", "Zuiderpark Lyceum", "De Ontdekking", "Gedrag", "2,5 uur", "—"]
    assert page.summary.text() == "2 inzetten, 8,5 uur"

    def ask(_parent: QWidget | None, _title: str, suggested: str) -> Path:
        return tmp_path / suggested

    page.ask_path = ask
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert shown[-1][0] == "Export opgeslagen"
    ws = load_workbook(tmp_path / "vso-expertise-2021-2022.xlsx").active
    assert ws is not None
    values = [c.value for c in ws[2]]  # newest first
    assert values[3:6] == ["Zuiderpark Lyceum", "De Ontdekking", "Gedrag"]
    assert values[9] == 2.5


def test_a_wrong_number_of_hours_is_marked_and_nothing_saved(
    qtbot: QtBot,
    ctx_for: Callable[[str], UiContext],
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    patch_messages(monkeypatch)
    page = VsoPage(ctx_for("pd"))
    qtbot.addWidget(page)
    page.show()
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    form = _form()
    qtbot.keyClicks(form.uren, "twee")
    assert not form.save()
    assert "geen aantal uren" in form.error_labels["minuten"].text()
    with db.read() as s:
        assert len(s.scalars(select(VsoInzet)).all()) == 1  # only the fixture's
    form.reject()
