"""The leerling and OPP forms, driven like a person: type, click, Ctrl+S, then check what
landed in the database (and what did not): a new pupil and her OPP, invalid input marked inline,
OPP versions, the outcome per schooljaar, the AVG export and copy, and the refusal to the
secretariaat. The school and bestuur forms are in ``test_forms_school.py``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from world import World

from swv_desktop.models import Beoordeling
from swv_desktop.models import Leerling
from swv_desktop.models import LeerlingResultaat
from swv_desktop.models import LeerlingUitkomst
from swv_desktop.models import Opp
from swv_desktop.models import Toegang
from swv_desktop.models import ToegangActie
from swv_desktop.models import Toestemming
from swv_desktop.services import leerlingen
from swv_desktop.ui.dialogs import leerling_form
from swv_desktop.ui.dialogs.form_base import NoticeDialog
from swv_desktop.ui.dialogs.leerling_form import LeerlingDialog
from swv_desktop.ui.dialogs.opp_form import OppDialog

from .form_helpers import FORM_TEST_MARKS
from .form_helpers import Prompts
from .form_helpers import active
from .form_helpers import count
from .form_helpers import ctx_for
from .form_helpers import is_marked
from .form_helpers import save_with_ctrl_s
from .form_helpers import shown

pytestmark = FORM_TEST_MARKS


def test_new_leerling_then_opp_are_saved(qtbot: QtBot, world: World, prompts: Prompts) -> None:
    ctx = ctx_for(world, world.contactpersoon)
    dialog = shown(qtbot, leerling_form.leerling_dialog(None, None, ctx))
    assert isinstance(dialog, LeerlingDialog)
    qtbot.keyClicks(dialog.leerlingnummer, "L2001")
    qtbot.keyClicks(dialog.voornaam, "Sara")
    qtbot.keyClicks(dialog.tussenvoegsel, "van")
    qtbot.keyClicks(dialog.achternaam, "Dam")
    qtbot.keyClicks(dialog.geboortedatum.line, "14-3-2009")
    qtbot.keyClicks(dialog.school, "Het")  # type-ahead in the school list
    qtbot.keyClicks(dialog.niveau, "vmbo-gt/havo")
    dialog.leerjaar.selectAll()
    qtbot.keyClicks(dialog.leerjaar, "2")
    qtbot.keyClicks(dialog.instroomroute, "Onder")
    save_with_ctrl_s(qtbot, dialog)

    assert prompts.messages == []
    with world.db.read() as s:
        leerling = s.scalars(select(Leerling).where(Leerling.leerlingnummer == "L2001")).one()
        assert (leerling.voornaam, leerling.tussenvoegsel, leerling.achternaam) == (
            "Sara",
            "van",
            "Dam",
        )
        assert leerling.geboortedatum == date(2009, 3, 14)
        assert leerling.school_id == world.school_id
        assert (leerling.niveau, leerling.leerjaar) == ("vmbo-gt/havo", 2)
        assert leerling.instroomroute.value == "onderinstroom"
        leerling_id = leerling.id
    # a new pupil stays open so the OPP can be recorded right away
    assert dialog.isVisible() and dialog.record_id == leerling_id
    assert dialog.opp_panel.new_button.isEnabled()
    assert dialog.cancel_button.text() == "Sluiten"

    dialog.tabs.setCurrentWidget(dialog.opp_panel)
    qtbot.mouseClick(dialog.opp_panel.new_button, Qt.MouseButton.LeftButton)
    opp = dialog.opp_dialog
    assert isinstance(opp, OppDialog)
    active(qtbot, opp)
    qtbot.keyClicks(opp.vastgesteld_op.line, "20-09-2021")
    qtbot.keyClicks(opp.uitstroomprofiel, "havo")
    qtbot.keyClicks(opp.texts["inzet_maatwerkbudget"], "Coaching op planning, 2 uur per week.")
    qtbot.keyClicks(opp.texts["belemmerende_factoren"], "Faalangst.")
    qtbot.keyClicks(opp.toestemming_door, "Ouders")
    qtbot.keyClicks(opp.toestemming_datum.line, "21-09-2021")
    qtbot.mouseClick(opp.save_button, Qt.MouseButton.LeftButton)

    assert prompts.messages == []
    with world.db.read() as s:
        rows = s.scalars(select(Opp).where(Opp.leerling_id == leerling_id)).all()
        assert len(rows) == 1
        assert rows[0].versie == 1
        assert rows[0].vastgesteld_op == date(2021, 9, 20)
        assert rows[0].inzet_maatwerkbudget == "Coaching op planning, 2 uur per week."
        assert rows[0].belemmerende_factoren == "Faalangst."
        assert rows[0].toestemming_door is Toestemming.OUDERS
        assert rows[0].toestemming_datum == date(2021, 9, 21)
        assert rows[0].aangemaakt_door_id == world.contactpersoon.id
    # the history in the pupil's form shows the new version and who recorded it
    table = dialog.opp_panel.table
    assert table.rowCount() == 1
    assert table.item(0, 1).text() == "20-09-2021"
    assert table.item(0, 3).text() == "Fenna Contact"


def test_invalid_leerling_is_marked_inline_listed_once_and_not_saved(
    qtbot: QtBot, world: World, prompts: Prompts
) -> None:
    ctx = ctx_for(world, world.contactpersoon)
    dialog = shown(qtbot, LeerlingDialog(ctx))
    qtbot.keyClicks(dialog.voornaam, "Sara")
    qtbot.keyClicks(dialog.niveau, "mbo")
    qtbot.keyClicks(dialog.geboortedatum.line, "31-02-2009")
    save_with_ctrl_s(qtbot, dialog)

    assert count(world, Leerling) == 0
    # an unreadable date is caught in the form, before the service is asked
    assert len(prompts.messages) == 1
    assert "geen geldige datum" in prompts.messages[0][1]
    assert is_marked(dialog, "geboortedatum")

    dialog.geboortedatum.line.clear()
    qtbot.keyClicks(dialog.geboortedatum.line, "14-03-2009")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert count(world, Leerling) == 0
    title, text = prompts.messages[-1]
    assert title == "Controleer de invoer"
    for expected in (
        "Vul het leerlingnummer in.",
        "Vul de achternaam in.",
        "Kies de school van de leerling.",
        "'mbo' is geen VO-niveau",
    ):
        assert expected in text
    for name in ("leerlingnummer", "achternaam", "school_id", "niveau"):
        assert is_marked(dialog, name), name
    assert not is_marked(dialog, "voornaam")
    assert not is_marked(dialog, "geboortedatum")
    assert "Vul het leerlingnummer in." in dialog.error_labels["leerlingnummer"].text()
    assert dialog.isVisible()


def test_new_opp_version_keeps_the_old_one(qtbot: QtBot, world: World, prompts: Prompts) -> None:
    leerling_id = world.add_leerling("L3001")
    ctx = ctx_for(world, world.contactpersoon)
    dialog = shown(qtbot, leerling_form.leerling_dialog(leerling_id, None, ctx))
    assert isinstance(dialog, LeerlingDialog)
    qtbot.mouseClick(dialog.opp_panel.new_button, Qt.MouseButton.LeftButton)
    opp = dialog.opp_dialog
    assert isinstance(opp, OppDialog)
    active(qtbot, opp)
    # prefilled from version 1: a new version is an edit of the last one
    assert opp.uitstroomprofiel.text() == "havo"
    assert opp.vastgesteld_op.line.text() == "01-09-2021"
    assert "Training sociale vaardigheden" in opp.texts["inzet_maatwerkbudget"].toPlainText()

    # an unchanged copy is not stored
    save_with_ctrl_s(qtbot, opp)
    assert prompts.messages[-1][0] == "Niets gewijzigd"
    assert count(world, Opp) == 1

    opp.vastgesteld_op.line.clear()
    qtbot.keyClicks(opp.vastgesteld_op.line, "1-10-2021")
    opp.uitstroomprofiel.clear()
    qtbot.keyClicks(opp.uitstroomprofiel, "vwo")
    save_with_ctrl_s(qtbot, opp)

    with world.db.read() as s:
        versions = s.scalars(
            select(Opp).where(Opp.leerling_id == leerling_id).order_by(Opp.versie)
        ).all()
        assert [(o.versie, o.uitstroomprofiel, o.vastgesteld_op) for o in versions] == [
            (1, "havo", date(2021, 9, 1)),
            (2, "vwo", date(2021, 10, 1)),
        ]
        assert versions[1].inzet_maatwerkbudget == versions[0].inzet_maatwerkbudget
    assert dialog.opp_panel.table.rowCount() == 2
    assert dialog.opp_panel.table.item(0, 0).text() == "2"  # newest first


def test_opp_in_the_future_is_refused(qtbot: QtBot, world: World, prompts: Prompts) -> None:
    leerling_id = world.add_leerling("L3002", opp=False)
    ctx = ctx_for(world, world.contactpersoon)
    dialog = shown(
        qtbot, OppDialog(ctx, leerling_id, leerling_label="Testa Leerling (L3002)", base=None)
    )
    qtbot.keyClicks(dialog.vastgesteld_op.line, "01-01-2030")
    qtbot.keyClicks(dialog.toestemming_door, "Ouders")
    save_with_ctrl_s(qtbot, dialog)
    assert count(world, Opp) == 0
    text = prompts.messages[-1][1]
    assert "ligt in de toekomst" in text
    assert "uitstroomprofiel" in text
    assert "toestemming" in text
    for name in ("vastgesteld_op", "uitstroomprofiel", "toestemming_datum"):
        assert is_marked(dialog, name), name


def test_uitkomst_is_recorded_per_schooljaar(qtbot: QtBot, world: World, prompts: Prompts) -> None:
    leerling_id = world.add_leerling("L3003")
    ctx = ctx_for(world, world.directeur)
    dialog = shown(qtbot, leerling_form.leerling_dialog(leerling_id, None, ctx))
    assert isinstance(dialog, LeerlingDialog)
    panel = dialog.uitkomst_panel
    dialog.tabs.setCurrentWidget(panel)
    assert panel.schooljaar.currentText() == "2021-2022"  # the clock's schooljaar
    qtbot.keyClicks(panel.resultaat, "Anders")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert count(world, LeerlingUitkomst) == 0
    assert panel.marks.fields["opmerkingen"].property("fout")
    assert "Licht toe" in prompts.messages[-1][1]

    qtbot.keyClicks(panel.opmerkingen, "Verhuisd naar het buitenland.")
    qtbot.keyClicks(panel.voortgang, "Goed")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    with world.db.read() as s:
        row = s.scalars(select(LeerlingUitkomst)).one()
        assert row.leerling_id == leerling_id and row.schooljaar_id == world.schooljaar_id
        assert row.resultaat is LeerlingResultaat.ANDERS
        assert row.voortgang is Beoordeling.GOED
        assert row.opmerkingen == "Verhuisd naar het buitenland."
    assert "vastgelegd" in panel.status.text()


def test_avg_export_is_named_by_number_and_logged(
    qtbot: QtBot, world: World, prompts: Prompts, tmp_path: Path
) -> None:
    leerling_id = world.add_leerling("L3004")
    asked: list[str] = []

    def ask(parent: QWidget | None, title: str, suggested: str) -> str:
        asked.append(suggested)
        return str(tmp_path / suggested)

    ctx = ctx_for(world, world.contactpersoon)
    detail = leerlingen.get_leerling(world.db, world.contactpersoon, leerling_id)
    dialog = shown(qtbot, LeerlingDialog(ctx, detail, ask_path=ask))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)

    assert asked == ["leerling-L3004-gegevens.json"]
    data = json.loads((tmp_path / asked[0]).read_text(encoding="utf-8"))
    assert data["leerling"]["leerlingnummer"] == "L3004"
    assert len(data["opp_versies"]) == 1
    assert prompts.messages[-1][0] == "Export opgeslagen"
    with world.db.read() as s:
        actions = s.scalars(select(Toegang.actie).where(Toegang.leerling_id == leerling_id)).all()
    assert ToegangActie.EXPORT in actions  # in the access log
    assert "Testa" not in asked[0] and "Leerling3004" not in asked[0]  # never the name


def test_avg_copy_is_one_click_for_the_programmadirecteur(
    qtbot: QtBot, world: World, prompts: Prompts, tmp_path: Path
) -> None:
    """One click writes the readable PDF and the JSON beside it, named by the number only; the
    copy is logged. The button is there for whoever scope lets make it (the contactpersoon of
    the pupil's school too)."""
    from pypdf import PdfReader

    leerling_id = world.add_leerling("L3006")
    asked: list[str] = []

    def ask(parent: QWidget | None, title: str, suggested: str) -> str:
        asked.append(suggested)
        return str(tmp_path / suggested)

    cp = ctx_for(world, world.contactpersoon)
    own = shown(
        qtbot,
        LeerlingDialog(cp, leerlingen.get_leerling(world.db, world.contactpersoon, leerling_id)),
    )
    assert own.avg_button.isVisible()
    ctx = ctx_for(world, world.directeur)
    detail = leerlingen.get_leerling(world.db, world.directeur, leerling_id)
    dialog = shown(qtbot, LeerlingDialog(ctx, detail, ask_path=ask))
    assert dialog.avg_button.isVisible()
    qtbot.mouseClick(dialog.avg_button, Qt.MouseButton.LeftButton)

    assert asked == ["leerling-L3006-avg-kopie.pdf"]
    pdf = tmp_path / "leerling-L3006-avg-kopie.pdf"
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages)
    assert "Inzage in persoonsgegevens" in text and "Leerlingnummer L3006" in text
    assert "leerling-L3006-avg-kopie.json" in text
    data = json.loads((tmp_path / "leerling-L3006-avg-kopie.json").read_text(encoding="utf-8"))
    assert data["leerling"]["leerlingnummer"] == "L3006"
    assert prompts.messages[-1][0] == "AVG-kopie opgeslagen"
    assert sorted(p.name for p in tmp_path.iterdir() if "L3006" in p.name) == [
        "leerling-L3006-avg-kopie.json",
        "leerling-L3006-avg-kopie.pdf",
    ]
    assert not any("Testa" in p.name or "Leerling" in p.name for p in tmp_path.iterdir())
    with world.db.read() as s:
        actions = s.scalars(select(Toegang.actie).where(Toegang.leerling_id == leerling_id)).all()
    assert ToegangActie.AVG_KOPIE in actions


def test_leerlingen_are_refused_calmly_to_the_secretariaat(qtbot: QtBot, world: World) -> None:
    leerling_id = world.add_leerling("L3005")
    ctx = ctx_for(world, world.secretariaat)
    for record_id in (leerling_id, None):
        widget = leerling_form.leerling_dialog(record_id, None, ctx)
        qtbot.addWidget(widget)
        assert isinstance(widget, NoticeDialog)
        assert "U mag niet" in widget.message.text()
        assert "secretariaat" in widget.message.text()


def test_an_old_opp_version_opens_read_only(qtbot: QtBot, world: World) -> None:
    leerling_id = world.add_leerling("L3006")
    ctx = ctx_for(world, world.contactpersoon)
    dialog = shown(qtbot, leerling_form.leerling_dialog(leerling_id, None, ctx))
    assert isinstance(dialog, LeerlingDialog)
    table = dialog.opp_panel.table
    table.setCurrentCell(0, 0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    opp = dialog.opp_dialog
    assert isinstance(opp, OppDialog)
    assert opp.read_only and not opp.save_button.isVisibleTo(opp)
    assert opp.uitstroomprofiel.isReadOnly()
    assert opp.uitstroomprofiel.text() == "havo"
    assert "Versie 1" in dialog.opp_panel.detail.toPlainText()
