"""Two people edit the same record: the second save is refused with who changed it and when,
the form offers to reload, and after reloading the person's change goes through. Driven like a
person (type, Ctrl+S), then checked in the database."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from world import World

from swv_desktop.models import Leerling
from swv_desktop.models import School
from swv_desktop.services import leerlingen
from swv_desktop.services import opp_versies
from swv_desktop.services import scholen
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs import form_base
from swv_desktop.ui.dialogs import leerling_form
from swv_desktop.ui.dialogs import school_forms
from swv_desktop.ui.dialogs.form_base import RecordDialog

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the",
)


class Prompts:
    """Stands in for the message boxes; remembers the reload question and answers it."""

    def __init__(self) -> None:
        self.reload_answer = True
        self.reload_asked: list[str] = []
        self.messages: list[str] = []

    def ask_reload(self, _parent: QWidget | None, text: str) -> bool:
        self.reload_asked.append(text)
        return self.reload_answer

    def show(self, _parent: QWidget | None, _title: str, text: str, _kind: str = "") -> None:
        self.messages.append(text)

    def ask_unsaved(self, _parent: QWidget | None) -> str:
        return "discard"


@pytest.fixture(autouse=True)
def prompts(monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> Iterator[Prompts]:
    p = Prompts()
    monkeypatch.setattr(form_base, "ask_reload", p.ask_reload)
    monkeypatch.setattr(form_base, "show_message", p.show)
    monkeypatch.setattr(form_base, "ask_unsaved_changes", p.ask_unsaved)
    yield p
    for widget in qapp.topLevelWidgets():
        if isinstance(widget, QDialog):
            if not isinstance(widget, RecordDialog) or "fields" in vars(widget):
                widget.close()
            widget.deleteLater()
    qapp.processEvents()


def _shown(qtbot: QtBot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    return widget


def _ctrl_s(qtbot: QtBot, dialog: QWidget) -> None:
    qtbot.keyClick(
        dialog.focusWidget() or dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
    )


def test_school_form_refuses_a_stale_save_and_reloads(
    qtbot: QtBot, world: World, prompts: Prompts
) -> None:
    ctx = UiContext(db=world.db, actor=world.secretariaat, clock=world.clock)
    dialog = _shown(qtbot, school_forms.school_dialog(world.school_id, None, ctx))
    assert isinstance(dialog, school_forms.SchoolDialog)

    # meanwhile the beheerder changes the same school on another laptop
    world.clock.now = datetime(2021, 10, 4, 11, 45, tzinfo=UTC)  # 13:45 in the Netherlands
    other = scholen.get_school(world.db, world.school_id)
    scholen.save_school(world.db, world.beheerder, replace(other, plaats="Elders"), world.school_id)

    qtbot.keyClicks(dialog.plaats, "Teststad")
    _ctrl_s(qtbot, dialog)
    assert prompts.reload_asked == [
        "School Het Testcollege is intussen gewijzigd door Bram Beheer op 4 oktober 2021 13:45. "
        "Uw wijzigingen zijn niet opgeslagen, zodat die van de ander niet verloren gaan. Laad de "
        "gegevens opnieuw en breng uw wijziging zo nodig opnieuw aan."
    ]
    assert dialog.isVisible()
    with world.db.read() as s:
        assert s.get(School, world.school_id).plaats == "Elders"
    # reloaded: the form shows what is stored now, and is clean
    assert dialog.plaats.text() == "Elders" and not dialog.is_dirty()

    dialog.plaats.clear()
    qtbot.keyClicks(dialog.plaats, "Teststad")
    _ctrl_s(qtbot, dialog)
    assert not dialog.isVisible()
    with world.db.read() as s:
        school = s.get(School, world.school_id)
        assert (school.plaats, school.versie) == ("Teststad", 3)


def test_pupil_form_stays_as_typed_when_the_user_keeps_the_form(
    qtbot: QtBot, world: World, prompts: Prompts
) -> None:
    lid = world.add_leerling("800001")
    ctx = UiContext(db=world.db, actor=world.contactpersoon, clock=world.clock)
    detail = leerlingen.get_leerling(world.db, world.contactpersoon, lid)
    dialog = _shown(qtbot, leerling_form.LeerlingDialog(ctx, detail))
    leerlingen.save_leerling(  # the same person in a second window
        world.db, world.contactpersoon, replace(detail.data, achternaam="Anders"), lid
    )
    prompts.reload_answer = False
    dialog.achternaam.clear()
    qtbot.keyClicks(dialog.achternaam, "Mijnnaam")
    _ctrl_s(qtbot, dialog)
    assert "door Fenna Contact" in prompts.reload_asked[0]
    assert dialog.achternaam.text() == "Mijnnaam" and dialog.is_dirty()
    with world.db.read() as s:
        assert s.get(Leerling, lid).achternaam == "Anders"


def test_a_workflow_step_from_a_stale_aanvraag_form_offers_to_reload(
    qtbot: QtBot, world: World, prompts: Prompts
) -> None:
    from swv_desktop.models import Aanvraag
    from swv_desktop.models import Status
    from swv_desktop.services.aanvragen import use_cases as aanvragen
    from swv_desktop.ui.dialogs.aanvraag_form import AanvraagDialog

    lid = world.add_leerling("800101")
    aid = aanvragen.create_aanvraag(world.db, world.contactpersoon, world.individual(lid, 300_000))
    ctx = UiContext(db=world.db, actor=world.contactpersoon, clock=world.clock)
    dialog = _shown(qtbot, AanvraagDialog(ctx, aid))
    # meanwhile she changes the description in another window
    world.clock.now = datetime(2021, 10, 4, 11, 45, tzinfo=UTC)
    data = aanvragen.get_aanvraag(world.db, world.contactpersoon, aid).data
    aanvragen.update_aanvraag(
        world.db,
        world.contactpersoon,
        aid,
        replace(data, omschrijving="Aangevuld door de directeur."),
    )
    qtbot.mouseClick(dialog.workflow.submit_button, Qt.MouseButton.LeftButton)
    assert len(prompts.reload_asked) == 1
    assert "door Fenna Contact op 4 oktober 2021 13:45" in prompts.reload_asked[0]
    with world.db.read() as s:
        assert s.get(Aanvraag, aid).status is Status.CONCEPT  # nothing was submitted
    # reloaded: the form shows the stored text and version; then the step goes through
    assert dialog.detail.data.omschrijving == "Aangevuld door de directeur."
    qtbot.mouseClick(dialog.workflow.submit_button, Qt.MouseButton.LeftButton)
    with world.db.read() as s:
        assert s.get(Aanvraag, aid).status is Status.INGEDIEND


def test_a_new_opp_version_from_a_stale_form_offers_to_reload(
    qtbot: QtBot, world: World, prompts: Prompts
) -> None:
    from swv_desktop.ui.dialogs.opp_form import opp_dialog

    lid = world.add_leerling("800102")  # OPP version 1
    ctx = UiContext(db=world.db, actor=world.contactpersoon, clock=world.clock)
    dialog = _shown(qtbot, opp_dialog(lid, None, ctx))
    base = leerlingen.get_leerling(world.db, world.directeur, lid).current_opp
    assert base is not None
    opp_versies.add_opp_version(  # the same contactpersoon, in a second window
        world.db,
        world.contactpersoon,
        lid,
        replace(base.data, uitstroomprofiel="vwo"),
        vorige_versie=1,
    )
    dialog.uitstroomprofiel.clear()
    qtbot.keyClicks(dialog.uitstroomprofiel, "vmbo-tl")
    _ctrl_s(qtbot, dialog)
    assert len(prompts.reload_asked) == 1
    assert (
        "Het OPP van leerling 800102 is intussen gewijzigd door Fenna Contact"
        in (prompts.reload_asked[0])
    )
    opps = leerlingen.get_leerling(world.db, world.directeur, lid).opps
    assert [o.data.uitstroomprofiel for o in opps] == ["havo", "vwo"]
    # reloaded: version 2 is the base now, and a new version 3 can be stored from it
    assert dialog.base is not None and dialog.base.versie == 2
    assert dialog.uitstroomprofiel.text() == "vwo"
    dialog.uitstroomprofiel.clear()
    qtbot.keyClicks(dialog.uitstroomprofiel, "vmbo-tl")
    _ctrl_s(qtbot, dialog)
    opps = leerlingen.get_leerling(world.db, world.directeur, lid).opps
    assert [o.data.uitstroomprofiel for o in opps] == ["havo", "vwo", "vmbo-tl"]
