"""The school and bestuur forms, driven like a person: type, click, Ctrl+S, then check what
landed in the database (and what did not); the keyboard in every form (Escape with unsaved
changes, Enter, Tab), the opener that builds the forms, and the date and money fields. The
leerling and OPP forms are in ``test_forms_leerling.py``."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from world import World

from swv_desktop.models import School
from swv_desktop.models import Schoolbestuur
from swv_desktop.ui import openers
from swv_desktop.ui.dialogs import school_forms
from swv_desktop.ui.dialogs.form_base import DateEdit
from swv_desktop.ui.dialogs.form_base import MoneyEdit
from swv_desktop.ui.dialogs.leerling_form import LeerlingDialog
from swv_desktop.ui.dialogs.school_forms import BestuurDialog
from swv_desktop.ui.dialogs.school_forms import SchoolDialog

from .form_helpers import FORM_TEST_MARKS
from .form_helpers import Prompts
from .form_helpers import count
from .form_helpers import ctx_for
from .form_helpers import is_marked
from .form_helpers import save_with_ctrl_s
from .form_helpers import shown

pytestmark = FORM_TEST_MARKS


# --- school and bestuur ------------------------------------------------------------------------


def test_school_form_refuses_a_bad_brin(qtbot: QtBot, world: World, prompts: Prompts) -> None:
    ctx = ctx_for(world, world.secretariaat)
    dialog = shown(qtbot, school_forms.school_dialog(None, None, ctx))
    assert isinstance(dialog, SchoolDialog)
    qtbot.keyClicks(dialog.naam, "Nieuwe Testschool")
    qtbot.keyClicks(dialog.brin, "1AB")
    qtbot.keyClicks(dialog.vestiging, "1AB00")
    qtbot.keyClicks(dialog.bestuur, "Stichting")
    qtbot.keyClicks(dialog.postcode, "1234AB")
    save_with_ctrl_s(qtbot, dialog)

    assert count(world, School) == 2
    assert "De BRIN-code bestaat uit 2 cijfers en 2 letters" in prompts.messages[-1][1]
    assert is_marked(dialog, "brin")
    assert is_marked(dialog, "vestigingsnummer")
    assert not is_marked(dialog, "naam")

    dialog.brin.clear()
    qtbot.keyClicks(dialog.brin, "56ef")
    dialog.vestiging.clear()
    qtbot.keyClicks(dialog.vestiging, "56EF01")
    qtbot.keyClicks(dialog.contactpersoon, "Fenna")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    with world.db.read() as s:
        school = s.scalars(select(School).where(School.brin == "56EF")).one()
        assert school.vestigingsnummer == "56EF01"
        assert school.bestuur_id == world.bestuur_id
        assert school.postcode == "1234 AB"
        assert school.contactpersoon_id == world.contactpersoon.id


def test_bestuur_form_edits_an_existing_bestuur(
    qtbot: QtBot, world: World, prompts: Prompts
) -> None:
    ctx = ctx_for(world, world.beheerder)
    dialog = shown(qtbot, school_forms.bestuur_dialog(world.bestuur_id, None, ctx))
    assert isinstance(dialog, BestuurDialog)
    assert dialog.naam.text() == "Stichting Testonderwijs"
    assert not dialog.is_dirty()
    qtbot.keyClicks(dialog.plaats, "Teststad")
    dialog.nummer.clear()
    qtbot.keyClicks(dialog.nummer, "12")
    save_with_ctrl_s(qtbot, dialog)
    assert is_marked(dialog, "bevoegd_gezag_nummer")
    with world.db.read() as s:
        assert s.get(Schoolbestuur, world.bestuur_id).bevoegd_gezag_nummer == "41234"

    qtbot.keyClicks(dialog.nummer, "345")
    save_with_ctrl_s(qtbot, dialog)
    with world.db.read() as s:
        bestuur = s.get(Schoolbestuur, world.bestuur_id)
        assert (bestuur.bevoegd_gezag_nummer, bestuur.plaats) == ("12345", "Teststad")
    assert not dialog.isVisible()


def test_contactpersoon_sees_a_school_read_only(qtbot: QtBot, world: World) -> None:
    ctx = ctx_for(world, world.contactpersoon)
    dialog = shown(qtbot, school_forms.school_dialog(world.school_id, None, ctx))
    assert isinstance(dialog, SchoolDialog)
    assert dialog.naam.text() == "Het Testcollege"
    assert dialog.naam.isReadOnly()
    assert not dialog.bestuur.isEnabled()
    assert not dialog.save_button.isVisible()
    assert dialog.cancel_button.text() == "Sluiten"
    save_with_ctrl_s(qtbot, dialog)  # Ctrl+S does nothing
    qtbot.keyClick(dialog.naam, Qt.Key.Key_Escape)  # nothing to lose: closes without asking
    assert not dialog.isVisible()


# --- keyboard and the unsaved-changes prompt ----------------------------------------------------


def test_escape_with_unsaved_changes_asks_first(
    qtbot: QtBot, world: World, prompts: Prompts
) -> None:
    ctx = ctx_for(world, world.secretariaat)
    dialog = shown(qtbot, BestuurDialog(ctx))
    qtbot.keyClicks(dialog.naam, "Stichting Nieuw")
    qtbot.keyClick(dialog.naam, Qt.Key.Key_Escape)
    assert prompts.unsaved_asked == 1
    assert dialog.isVisible()  # "Terug naar formulier"

    prompts.unsaved_answer = "save"
    qtbot.keyClicks(dialog.nummer, "54321")
    qtbot.keyClick(dialog.nummer, Qt.Key.Key_Escape)
    assert prompts.unsaved_asked == 2
    assert not dialog.isVisible()
    with world.db.read() as s:
        assert (
            s.scalars(
                select(Schoolbestuur.naam).where(Schoolbestuur.bevoegd_gezag_nummer == "54321")
            ).one()
            == "Stichting Nieuw"
        )

    other = shown(qtbot, BestuurDialog(ctx))
    qtbot.keyClicks(other.naam, "Weg ermee")
    prompts.unsaved_answer = "discard"
    other.close()
    assert prompts.unsaved_asked == 3
    assert not other.isVisible()
    assert count(world, Schoolbestuur) == 2


def test_enter_moves_on_and_never_closes(qtbot: QtBot, world: World, prompts: Prompts) -> None:
    ctx = ctx_for(world, world.secretariaat)
    dialog = shown(qtbot, BestuurDialog(ctx))
    dialog.naam.setFocus()
    qtbot.keyClicks(dialog.naam, "Stichting Enter")
    qtbot.keyClick(dialog.naam, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.focusWidget() is dialog.nummer
    assert count(world, Schoolbestuur) == 1
    assert prompts.messages == []


def test_the_opener_builds_the_forms(qtbot: QtBot, world: World) -> None:
    for actor, kind, cls, rid in (
        (world.secretariaat, "bestuur", BestuurDialog, world.bestuur_id),
        (world.secretariaat, "school", SchoolDialog, world.school_id),
        (world.contactpersoon, "leerling", LeerlingDialog, world.add_leerling("7001")),
    ):
        widget = openers.build(kind, rid, None, ctx_for(world, actor))
        qtbot.addWidget(widget)
        assert isinstance(widget, cls) and widget.record_id == rid


def test_date_and_money_fields_read_what_people_type(qtbot: QtBot) -> None:
    date_edit = DateEdit(today=lambda: date(2021, 10, 4))
    qtbot.addWidget(date_edit)
    assert date_edit.value() is None  # empty is allowed
    qtbot.keyClicks(date_edit.line, "1-8-2021")
    assert date_edit.value() == date(2021, 8, 1)
    date_edit.line.editingFinished.emit()
    assert date_edit.line.text() == "01-08-2021"
    date_edit.line.setText("31-02-2021")
    with pytest.raises(ValueError, match="geen geldige datum"):
        date_edit.value()
    date_edit.set_value(None)
    date_edit.open_calendar()
    assert date_edit.calendar is not None
    assert date_edit.calendar.selectedDate().toPython() == date(2021, 10, 4)  # today
    date_edit.calendar.clicked.emit(QDate(2021, 9, 15))
    assert date_edit.value() == date(2021, 9, 15)

    money = MoneyEdit()
    qtbot.addWidget(money)
    qtbot.keyClicks(money.line, "8.000,5")
    assert money.cents() == 800_050
    money.line.setText("€ 8.000,5")  # pasted with the sign
    assert money.cents() == 800_050
    money.line.editingFinished.emit()
    assert money.line.text() == "8.000,50"
    money.line.setText("12,345")
    with pytest.raises(ValueError, match="twee cijfers"):
        money.cents()


def test_tab_runs_through_the_fields_then_the_buttons(qtbot: QtBot, world: World) -> None:
    ctx = ctx_for(world, world.secretariaat)
    dialog = shown(qtbot, BestuurDialog(ctx))
    assert dialog.focusWidget() is dialog.naam
    order = []
    widget = dialog.naam
    for _ in range(8):
        order.append(widget.objectName())
        widget = widget.nextInFocusChain()
        while not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            widget = widget.nextInFocusChain()
    assert order == [
        "naam",
        "bevoegd_gezag_nummer",
        "adres",
        "postcode",
        "plaats",
        "iban",
        "opslaan",
        "annuleren",
    ]


def test_bestuur_iban_is_checked_then_stored(qtbot: QtBot, world: World) -> None:
    ctx = ctx_for(world, world.secretariaat)
    dialog = shown(qtbot, BestuurDialog(ctx))
    qtbot.keyClicks(dialog.naam, "Stichting Rekening")
    qtbot.keyClicks(dialog.nummer, "54322")
    qtbot.keyClicks(dialog.iban, "NL91 ABNA 0417 1643 01")  # one digit off
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "controlegetal" in dialog.error_labels["iban"].text()
    assert count(world, Schoolbestuur) == 1
    dialog.iban.clear()
    qtbot.keyClicks(dialog.iban, "nl91 abna 0417 1643 00")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with world.db.read() as s:
        stored = s.scalars(
            select(Schoolbestuur.iban).where(Schoolbestuur.bevoegd_gezag_nummer == "54322")
        ).one()
    assert stored == "NL91ABNA0417164300"
