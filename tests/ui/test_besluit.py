"""Deciding, like a person: the programmadirecteur awards an application typed in the form, awards
past the budget with a reason, refuses, revises; the beschikking is shown, issued and sent; the
secretariaat cannot decide."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from loaded import decide
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from swv_desktop.errors import PermissionDenied
from swv_desktop.models import Beschikking
from swv_desktop.models import Besluit
from swv_desktop.models import BudgetNotitie
from swv_desktop.models import Status
from swv_desktop.models import Uitkomst
from swv_desktop.models import Voorwaarde
from swv_desktop.services import instellingen
from swv_desktop.services import schooljaren
from swv_desktop.services.beschikkingen import uitgifte as beschikkingen
from swv_desktop.services.besluiten import BudgetOverschrijding
from swv_desktop.ui.dialogs import aanvraag_prompts
from swv_desktop.ui.dialogs import beschikking_view
from swv_desktop.ui.dialogs import besluit_dialog
from swv_desktop.ui.dialogs.aanvraag_form import AanvraagDialog
from swv_desktop.ui.dialogs.beschikking_view import BeschikkingView
from swv_desktop.ui.dialogs.besluit_dialog import BesluitDialog
from swv_desktop.ui.dialogs.besluit_dialog import OverschrijdingDialog
from swv_desktop.ui.dialogs.besluit_dialog import besluit_form
from swv_desktop.ui.dialogs.form_base import NoticeDialog
from swv_desktop.ui.pdf_pages import page_count

from .form_helpers import OFFSCREEN_LIMITS
from .form_helpers import aanvragen_in
from .form_helpers import choose
from .form_helpers import ctx_for
from .form_helpers import rows_of
from .form_helpers import show

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_LIMITS)


@pytest.fixture
def shown_letters(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The beschikkingen the besluit dialog shows after a decision (ids)."""
    shown: list[int] = []
    monkeypatch.setattr(besluit_dialog, "show_beschikking", lambda _p, _ctx, bid: shown.append(bid))
    return shown


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def test_application_typed_then_awarded_issued_and_sent(
    qtbot, world, form_messages, shown_letters, monkeypatch, tmp_path
):
    leerling = world.add_leerling("1001")
    # the contactpersoon types the application and takes it to the programmadirecteur
    form = AanvraagDialog(ctx_for(world, world.contactpersoon))
    show(qtbot, form)
    choose(qtbot, form.velden.school, "Het Testcollege")
    choose(qtbot, form.velden.leerling, "Leerling1001")
    qtbot.keyClicks(form.velden.bedrag.line, "6000")
    qtbot.keyClicks(form.velden.omschrijving, "Training sociale vaardigheden.")
    for voorwaarde in Voorwaarde:
        form.voorwaarden.rows[voorwaarde][0].click()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.workflow.submit_button, Qt.MouseButton.LeftButton)
    monkeypatch.setattr(
        aanvraag_prompts,
        "ask_discussion",
        lambda _p, _t, record: record(date(2021, 10, 2), "Besproken.") or (date(2021, 10, 2), ""),
    )
    qtbot.mouseClick(form.workflow.discuss_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.workflow.send_button, Qt.MouseButton.LeftButton)
    form.close()
    [aanvraag] = aanvragen_in(world)
    assert aanvraag.status is Status.TER_BESLUITVORMING and aanvraag.leerling_id == leerling
    assert form_messages == []

    # the programmadirecteur opens it and takes the decision
    pd_form = AanvraagDialog(ctx_for(world, world.directeur), aanvraag.id)
    show(qtbot, pd_form)
    assert pd_form.workflow.decide_button.isVisibleTo(pd_form)
    qtbot.mouseClick(pd_form.workflow.decide_button, Qt.MouseButton.LeftButton)
    dialog = pd_form.workflow.child
    assert isinstance(dialog, BesluitDialog)
    assert dialog.outcomes[Uitkomst.TOEGEKEND].isChecked()
    assert dialog.bedrag.cents() == 600_000 and not dialog.bedrag.isEnabled()
    assert dialog.meter.values["toegekend"].text() == "€ 6.000,00"  # after this decision
    assert dialog.effect.text().startswith(
        "Vóór dit besluit is € 0,00 toegekend; na dit besluit € 6.000,00"
    )
    assert not dialog.blockers_frame.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.motivering, "Voldoet aan alle voorwaarden van de regeling.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert form_messages == []
    [besluit] = rows_of(world, Besluit)
    assert (besluit.uitkomst, besluit.toegekend_cents) == (Uitkomst.TOEGEKEND, 600_000)
    assert besluit.besloten_door_id == world.directeur.id
    [letter] = rows_of(world, Beschikking)
    assert letter.kenmerk == "MWB-2021-001"
    assert letter.besluit_id == besluit.id and letter.uitgegeven_op is None
    assert shown_letters == [letter.id]  # the beschikking is shown after the decision
    assert aanvragen_in(world)[0].status is Status.TOEGEKEND
    assert pd_form.read_only  # the form reloaded: decided, so read-only
    assert pd_form.besluiten.table.item(0, 0).text() == "MWB-2021-001"

    # the beschikking: issued (signed) by the programmadirecteur, saved under its kenmerk
    view = BeschikkingView(ctx_for(world, world.directeur), letter.id)
    show(qtbot, view)
    assert view.stand.text() == "Nog niet uitgegeven"
    assert view.issue_button.isVisibleTo(view) and not view.sent_button.isVisibleTo(view)
    asked: list[tuple[str, str, int]] = []
    answers = [False, True]  # first "Terug", then "Uitgeven"

    def confirm(_parent: object, row: object) -> bool:
        asked.append((row.kenmerk, row.school, row.toegekend_cents))  # type: ignore[attr-defined]
        return answers.pop(0)

    monkeypatch.setattr(beschikking_view, "confirm_issue", confirm)
    qtbot.mouseClick(view.issue_button, Qt.MouseButton.LeftButton)
    assert rows_of(world, Beschikking)[0].uitgegeven_op is None  # went back: nothing signed
    qtbot.mouseClick(view.issue_button, Qt.MouseButton.LeftButton)
    assert asked == [("MWB-2021-001", asked[0][1], 600_000)] * 2 and asked[0][1]
    [issued] = rows_of(world, Beschikking)
    assert issued.uitgegeven_op is not None and issued.sha256
    assert view.stand.text() == "Uitgegeven, niet verzonden"
    monkeypatch.setattr(beschikking_view, "choose_save_path", lambda _p, name: tmp_path / name)
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    saved = tmp_path / "MWB-2021-001.pdf"
    assert saved.read_bytes() == issued.pdf
    text = pdf_text(saved.read_bytes())
    assert "MWB-2021-001" in text and "6.000,00" in text
    view.close()

    # the secretariaat records the date it was posted
    sec_view = BeschikkingView(ctx_for(world, world.secretariaat), letter.id)
    show(qtbot, sec_view)
    assert not sec_view.issue_button.isVisibleTo(sec_view)
    monkeypatch.setattr(
        beschikking_view,
        "ask_sent_date",
        lambda _p, _c, _k, record: record(date(2021, 10, 4)) or date(2021, 10, 4),
    )
    qtbot.mouseClick(sec_view.sent_button, Qt.MouseButton.LeftButton)
    assert rows_of(world, Beschikking)[0].verzonden_op == date(2021, 10, 4)
    assert sec_view.stand.text() == "Verzonden"
    assert form_messages == []


def _small_budget(world, euros: int) -> None:  # type: ignore[no-untyped-def]
    figures = dict(instellingen.REGELING_DEFAULTS, budget_cents=euros * 100)
    schooljaren.save_schooljaar(
        world.db,
        world.beheerder,
        label="2021-2022",
        schooljaar_id=world.schooljaar_id,
        versie=schooljaren.get_schooljaar(world.db, world.schooljaar_id).versie,
        **figures,
    )


def test_award_past_the_budget_needs_a_reason(
    qtbot, world, form_messages, shown_letters, monkeypatch
):
    _small_budget(world, 10_000)
    first = world.ready_for_besluit(world.individual(world.add_leerling("6001"), 800_000))
    world.award(first, Uitkomst.TOEGEKEND, 800_000, "Voldoet.")
    second = world.ready_for_besluit(world.individual(world.add_leerling("6002"), 500_000))

    dialog = BesluitDialog(ctx_for(world, world.directeur), second)
    show(qtbot, dialog)
    assert dialog.meter.level == "red"
    assert dialog.meter.status.text() == "Budget overschreden met € 3.000,00"
    assert "gevraagd naar de reden" in dialog.effect.text()
    qtbot.keyClicks(dialog.motivering, "Noodzakelijk om verwijzing naar het VSO te voorkomen.")

    # going back from the confirmation saves nothing
    monkeypatch.setattr(besluit_dialog, "ask_overshoot_reason", lambda _p, _e: None)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert len(rows_of(world, Besluit)) == 1 and rows_of(world, BudgetNotitie) == []
    assert dialog.isVisible()

    asked: list[int] = []

    def confirm(_parent, error: BudgetOverschrijding) -> str:  # type: ignore[no-untyped-def]
        asked.append(error.overshoot_cents)
        return "Bestuur wordt in de vergadering van november geïnformeerd."

    monkeypatch.setattr(besluit_dialog, "ask_overshoot_reason", confirm)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert asked == [300_000]
    [note] = rows_of(world, BudgetNotitie)
    assert note.overschrijding_cents == 300_000
    assert note.reden.startswith("Bestuur wordt in de vergadering")
    assert note.bestuur_geinformeerd_op is None
    besluit = rows_of(world, Besluit)[-1]
    assert note.besluit_id == besluit.id and besluit.toegekend_cents == 500_000
    assert len(shown_letters) == 1
    assert form_messages == []


def test_overshoot_confirmation_states_euros_and_requires_a_reason(qtbot, world):
    error = BudgetOverschrijding("2021-2022", 1_000_000, 1_300_000)
    dialog = OverschrijdingDialog(None, error)
    show(qtbot, dialog)
    headline = dialog.findChild(QLabel, "overschrijding_kop")
    assert headline.text() == "Met dit besluit wordt het budget met € 3.000,00 overschreden."
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.reden, "   ")
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.reden, "Bestuur informeren")
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.reason() == "Bestuur informeren"


def test_refusal_and_partial_award_amounts(qtbot, world, form_messages, shown_letters):
    refused = world.ready_for_besluit(world.individual(world.add_leerling("7001"), 400_000))
    dialog = BesluitDialog(ctx_for(world, world.directeur), refused)
    show(qtbot, dialog)
    dialog.outcomes[Uitkomst.AFGEWEZEN].click()
    assert dialog.bedrag.cents() == 0 and not dialog.bedrag.isEnabled()
    qtbot.keyClicks(dialog.motivering, "De ondersteuning kan uit de basisondersteuning komen.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    [besluit] = rows_of(world, Besluit)
    assert (besluit.uitkomst, besluit.toegekend_cents) == (Uitkomst.AFGEWEZEN, 0)

    partial = world.ready_for_besluit(world.individual(world.add_leerling("7002"), 400_000))
    dialog = BesluitDialog(ctx_for(world, world.directeur), partial)
    show(qtbot, dialog)
    dialog.outcomes[Uitkomst.GEDEELTELIJK].click()
    assert dialog.bedrag.isEnabled() and dialog.bedrag.state() == ""
    qtbot.keyClicks(dialog.bedrag.line, "2.500")
    qtbot.waitUntil(lambda: dialog.meter.values["toegekend"].text() == "€ 2.500,00")
    qtbot.keyClicks(dialog.motivering, "Een deel is basisondersteuning.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    besluit = rows_of(world, Besluit)[-1]
    assert (besluit.uitkomst, besluit.toegekend_cents) == (Uitkomst.GEDEELTELIJK, 250_000)
    assert form_messages == []
    assert len(shown_letters) == 2


def test_missing_motivering_is_marked_and_nothing_saved(qtbot, world, form_messages, shown_letters):
    aid = world.ready_for_besluit(world.individual(world.add_leerling("7101"), 100_000))
    dialog = BesluitDialog(ctx_for(world, world.directeur), aid)
    show(qtbot, dialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert rows_of(world, Besluit) == []
    assert "Schrijf de motivering" in form_messages[0][1]
    assert dialog.motivering.property("fout") is True
    assert shown_letters == []


def test_revision_from_the_besluiten_tab(qtbot, world, form_messages, shown_letters):
    aid = world.ready_for_besluit(world.individual(world.add_leerling("8001"), 500_000))
    first = world.award(aid, Uitkomst.TOEGEKEND, 500_000, "Voldoet.")
    beschikkingen.issue_beschikking(world.db, world.directeur, first.beschikking_id)
    form = AanvraagDialog(ctx_for(world, world.directeur), aid)
    show(qtbot, form)
    form.tabs.setCurrentWidget(form.besluiten)
    assert form.besluiten.revise_button.isEnabled()
    qtbot.mouseClick(form.besluiten.revise_button, Qt.MouseButton.LeftButton)
    dialog = form.workflow.child
    assert isinstance(dialog, BesluitDialog) and dialog.besluit_id == first.besluit_id
    assert "Herziening van MWB-2021-001" in dialog.windowTitle()
    dialog.outcomes[Uitkomst.GEDEELTELIJK].click()
    qtbot.keyClicks(dialog.bedrag.line, "3000")
    qtbot.keyClicks(dialog.motivering, "Minder uren nodig dan voorzien.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert form_messages == []
    old, new = rows_of(world, Besluit)
    assert new.herziening_van_id == old.id and new.toegekend_cents == 300_000
    assert [b.kenmerk for b in rows_of(world, Beschikking)] == ["MWB-2021-001", "MWB-2021-002"]
    assert form.besluiten.table.rowCount() == 2
    assert form.besluiten.table.item(1, 5).text() == "MWB-2021-001"


def test_secretariaat_cannot_decide(qtbot, world, form_messages):
    aid = world.ready_for_besluit(world.individual(world.add_leerling("9001"), 300_000))
    with pytest.raises(PermissionDenied, match="U mag niet aanvragen bekijken"):
        AanvraagDialog(ctx_for(world, world.secretariaat), aid)  # need-to-know: no pupil data

    refusal = besluit_form(aid, None, ctx_for(world, world.secretariaat))
    qtbot.addWidget(refusal)
    assert isinstance(refusal, NoticeDialog)
    assert "programmadirecteur" in refusal.message.text()
    with pytest.raises(PermissionDenied):
        decide(world.db, world.secretariaat, aid, Uitkomst.TOEGEKEND, 300_000, "Poging.")
    assert rows_of(world, Besluit) == [] and rows_of(world, Beschikking) == []
    assert aanvragen_in(world)[0].status is Status.TER_BESLUITVORMING


def test_contactpersoon_gets_no_besluit_button_and_no_dialog(qtbot, world, form_messages):
    aid = world.ready_for_besluit(world.individual(world.add_leerling("9101"), 300_000))
    form = AanvraagDialog(ctx_for(world, world.contactpersoon), aid)
    show(qtbot, form)
    assert not form.workflow.decide_button.isVisibleTo(form)
    assert form.workflow.withdraw_button.isVisibleTo(form)
    refusal = besluit_form(aid, None, ctx_for(world, world.contactpersoon))
    qtbot.addWidget(refusal)
    assert isinstance(refusal, NoticeDialog)


def test_the_letter_pages_show_inside_the_app(qtbot, world, form_messages):
    aid = world.ready_for_besluit(world.individual(world.add_leerling("9201"), 200_000))
    result = world.award(aid, Uitkomst.TOEGEKEND, 200_000, "Voldoet.")
    view = BeschikkingView(ctx_for(world, world.contactpersoon), result.beschikking_id)
    show(qtbot, view)
    assert not view.issue_button.isVisibleTo(view) and not view.sent_button.isVisibleTo(view)
    assert not view.print_button.isVisibleTo(view)  # a preview is not printed
    pages = view.pages.page_labels
    assert len(pages) == page_count(view.pdf_bytes()) == 3
    width = pages[0].pixmap().width()
    assert abs(width - round(595 * view.pages.SCALE)) <= 2  # an A4 page, 595 points wide
    assert "MWB-2021-001" in pdf_text(view.pdf_bytes())
    assert form_messages == []


def test_revision_ends_the_period_earlier(qtbot, world, form_messages, shown_letters):
    """A pupil who left on 1 April: the herziening ends the period then; a date past the old
    end is refused on the field and nothing is saved."""
    aid = world.ready_for_besluit(world.individual(world.add_leerling("8002"), 600_000))
    first = world.award(aid, Uitkomst.TOEGEKEND, 600_000, "Voldoet.")
    beschikkingen.issue_beschikking(world.db, world.directeur, first.beschikking_id)
    (old,) = rows_of(world, Besluit)
    dialog = BesluitDialog(ctx_for(world, world.directeur), aid, besluit_id=first.besluit_id)
    show(qtbot, dialog)
    assert dialog.periode_eind is not None and dialog.periode_eind.isVisible()
    dialog.outcomes[Uitkomst.GEDEELTELIJK].click()
    qtbot.keyClicks(dialog.bedrag.line, "4000")
    qtbot.keyClicks(dialog.motivering, "De leerling heeft de school op 1 april verlaten.")
    late = old.periode_eind.replace(day=1, month=8)
    qtbot.keyClicks(dialog.periode_eind.line, late.strftime("%d-%m-%Y"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.periode_eind.line.property("fout") is True
    assert any("alleen inkorten" in text for _title, text in form_messages)
    assert len(rows_of(world, Besluit)) == 1
    dialog.periode_eind.line.clear()
    end = date(old.periode_eind.year, 4, 1)
    qtbot.keyClicks(dialog.periode_eind.line, end.strftime("%d-%m-%Y"))
    form_messages.clear()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert form_messages == []
    old, new = rows_of(world, Besluit)
    assert (new.herziening_van_id, new.toegekend_cents) == (old.id, 400_000)
    assert (new.periode_start, new.periode_eind) == (old.periode_start, end)
    beschikkingen.issue_beschikking(world.db, world.directeur, rows_of(world, Beschikking)[1].id)
    text = " ".join(pdf_text(rows_of(world, Beschikking)[1].pdf).split())
    assert f"tot en met 1 april {end.year}" in text.replace("\u00a0", " ")
