"""The aanvraag form, used like a person: type, tick, click; then look in the database.

Covers an individual application typed in the form and taken through the workflow, a group of four
refused and of five accepted, read-only views, and the progress-talk dialog clearing an overdue item.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from sqlalchemy import select

from swv_desktop.models import Beoordeling
from swv_desktop.models import Doel
from swv_desktop.models import GroepsplanLeerling
from swv_desktop.models import Kostenregel
from swv_desktop.models import Soort
from swv_desktop.models import Status
from swv_desktop.models import StatusWijziging
from swv_desktop.models import Uitkomst
from swv_desktop.models import Voortgangsgesprek
from swv_desktop.models import Voorwaarde
from swv_desktop.services import voortgang
from swv_desktop.services.aanvragen import use_cases as aanvragen
from swv_desktop.ui.dialogs import aanvraag_prompts
from swv_desktop.ui.dialogs.aanvraag_form import AanvraagDialog
from swv_desktop.ui.dialogs.voortgang_dialog import VoortgangDialog

from .form_helpers import OFFSCREEN_LIMITS
from .form_helpers import aanvragen_in
from .form_helpers import choose
from .form_helpers import ctx_for
from .form_helpers import save_with_ctrl_s
from .form_helpers import show

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_LIMITS)


def test_individual_application_typed_and_taken_to_besluit(
    qtbot, world, form_messages, monkeypatch
):
    leerling = world.add_leerling("1001")
    dlg = AanvraagDialog(ctx_for(world, world.contactpersoon))
    show(qtbot, dlg)
    assert (
        dlg.velden.contactpersoon.value() == world.contactpersoon.id
    )  # prefilled: the signed-in cp
    assert dlg.velden.aanvraagdatum.value() == date(2021, 10, 4)
    choose(qtbot, dlg.velden.school, "Het Testcollege")
    choose(qtbot, dlg.velden.leerling, "Leerling1001")
    assert dlg.velden.leerling.value() == leerling
    qtbot.keyClicks(dlg.velden.bedrag.line, "5.250,50")
    qtbot.keyClicks(dlg.velden.omschrijving, "Coaching op weerbaarheid, wekelijks een uur.")
    choose(qtbot, dlg.velden.vso, "Consultatie")
    qtbot.keyClicks(dlg.velden.vso_school, "VSO De Brug")
    dlg.tabs.setCurrentIndex(1)
    for voorwaarde in Voorwaarde:
        dlg.voorwaarden.rows[voorwaarde][0].click()
    save_with_ctrl_s(qtbot, dlg)

    assert form_messages == []
    [aanvraag] = aanvragen_in(world)
    assert aanvraag.status is Status.CONCEPT
    assert aanvraag.soort is Soort.INDIVIDUEEL
    assert aanvraag.aangevraagd_cents == 525_050
    assert aanvraag.leerling_id == leerling
    assert aanvraag.vso_school == "VSO De Brug"
    assert dlg.isVisible() and dlg.detail is not None  # stays open for the next step
    assert dlg.heading.text() == f"Aanvraag {aanvraag.nummer}"
    assert dlg.workflow.submit_button.isVisibleTo(
        dlg
    ) and not dlg.workflow.decide_button.isVisibleTo(dlg)
    assert not dlg.is_dirty()  # the reloaded form matches what was saved

    qtbot.mouseClick(dlg.workflow.submit_button, Qt.MouseButton.LeftButton)
    assert aanvragen_in(world)[0].status is Status.INGEDIEND
    assert dlg.workflow.discuss_button.isVisibleTo(dlg)

    # the prompt as a person uses it: a date in the future is refused and the prompt stays open
    seen: list[str] = []

    def use_prompt() -> None:
        from PySide6.QtWidgets import QApplication

        prompt = QApplication.activeModalWidget()
        assert isinstance(prompt, aanvraag_prompts.DiscussionPrompt)
        prompt.datum.line.selectAll()
        qtbot.keyClicks(prompt.datum.line, "01-11-2021")  # after today (4 October)
        qtbot.keyClicks(prompt.notitie, "Besproken op school")
        qtbot.mouseClick(prompt.ok_button, Qt.MouseButton.LeftButton)
        assert prompt.isVisible() and prompt.error.isVisible()
        seen.append(prompt.error.text())
        prompt.datum.line.selectAll()
        qtbot.keyClicks(prompt.datum.line, "01-10-2021")
        qtbot.mouseClick(prompt.ok_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, use_prompt)
    qtbot.mouseClick(dlg.workflow.discuss_button, Qt.MouseButton.LeftButton)
    assert seen and "toekomst" in seen[0]
    stored = aanvragen_in(world)[0]
    assert stored.status is Status.BESPROKEN
    assert stored.besproken_op == date(2021, 10, 1)

    qtbot.mouseClick(dlg.workflow.send_button, Qt.MouseButton.LeftButton)
    assert aanvragen_in(world)[0].status is Status.TER_BESLUITVORMING
    # a contactpersoon never gets "Besluit nemen"
    assert not dlg.workflow.decide_button.isVisibleTo(dlg)
    assert "Klaar voor een besluit" in dlg.blockers.title.text()
    with world.db.read() as session:
        steps = session.scalars(
            select(StatusWijziging.naar).where(StatusWijziging.aanvraag_id == aanvraag.id)
        ).all()
    assert list(steps) == [
        Status.CONCEPT,
        Status.INGEDIEND,
        Status.BESPROKEN,
        Status.TER_BESLUITVORMING,
    ]
    assert dlg.history.table.rowCount() == 4
    dlg.close()


def test_didactic_goal_is_refused_inline_and_nothing_saved(qtbot, world, form_messages):
    world.add_leerling("1002")
    dlg = AanvraagDialog(ctx_for(world, world.contactpersoon))
    show(qtbot, dlg)
    choose(qtbot, dlg.velden.school, "Het Testcollege")
    choose(qtbot, dlg.velden.leerling, "Leerling1002")
    qtbot.keyClicks(dlg.velden.bedrag.line, "2000")
    choose(qtbot, dlg.velden.doel, "Didactische")
    assert dlg.velden.doel.value() is Doel.DIDACTISCH
    assert dlg.velden.doel_warning.isVisibleTo(dlg)
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert aanvragen_in(world) == []
    [(title, text)] = form_messages
    assert title == "Controleer de invoer" and "Didactische ondersteuning" in text
    assert dlg.velden.doel.property("fout") is True
    assert "Didactische" in dlg.error_labels["doel"].text()


def _fill_group(qtbot, dlg, leerlingen: list[int]) -> None:  # type: ignore[no-untyped-def]
    dlg.velden.soort.groep.click()
    assert dlg.tabs.isTabVisible(dlg.plan_tab_index)
    choose(qtbot, dlg.velden.school, "Het Testcollege")
    dlg.tabs.setCurrentIndex(dlg.plan_tab_index)
    picker = dlg.plan.leerlingen
    for leerling in leerlingen:  # search, then tick with the space bar
        picker.search.clear()
        qtbot.keyClicks(picker.search, f"{leerling}")
        assert picker.proxy.rowCount() == 1
        picker.view.setCurrentIndex(picker.proxy.index(0, 0))
        qtbot.keyClick(picker.view, Qt.Key.Key_Space)
    picker.search.clear()
    qtbot.keyClicks(dlg.plan.ondersteuning, "Wekelijkse groepstraining executieve functies.")
    qtbot.keyClicks(dlg.plan.doelen, "Leerlingen plannen hun huiswerk zelfstandig.")
    qtbot.keyClicks(dlg.plan.evaluatiewijze, "Observatie en planningslogboek na tien weken.")
    assert dlg.plan.periode_start.value() == date(2021, 8, 1)  # prefilled: the schooljaar
    dlg.plan.periode_start.line.clear()
    qtbot.keyClicks(dlg.plan.periode_start.line, "1-10-2021")
    text, _kind, amount = dlg.plan.costs.widgets(0)
    qtbot.keyClicks(text, "Orthopedagoog 40 uur")
    qtbot.keyClicks(amount, "4.000")
    qtbot.mouseClick(dlg.plan.costs.add_button, Qt.MouseButton.LeftButton)
    text2, _kind2, amount2 = dlg.plan.costs.widgets(1)
    qtbot.keyClicks(text2, "Trainingsmateriaal")
    qtbot.keyClicks(amount2, "250,75")
    assert dlg.plan.costs.total.text().startswith("Totaal: € 4.250,75")


def test_group_of_four_refused_then_five_accepted(qtbot, world, form_messages):
    nummers = [2001, 2002, 2003, 2004, 2005]
    ids = {n: world.add_leerling(str(n)) for n in nummers}
    world.add_leerling("3001", school_id=world.andere_school_id)
    dlg = AanvraagDialog(ctx_for(world, world.contactpersoon))
    show(qtbot, dlg)
    _fill_group(qtbot, dlg, nummers[:4])
    assert dlg.plan.leerlingen.model.rowCount() == 5  # only pupils of the chosen school
    assert "4 leerlingen gekozen" in dlg.plan.leerlingen.count.text()

    save_with_ctrl_s(qtbot, dlg)
    assert aanvragen_in(world) == []
    [(title, text)] = form_messages
    assert "minstens 5 leerlingen" in text
    assert dlg.tabs.currentIndex() == dlg.plan_tab_index
    assert "minstens 5" in dlg.plan.errors["leerling_ids"].text()

    picker = dlg.plan.leerlingen
    qtbot.keyClicks(picker.search, "2005")
    picker.view.setCurrentIndex(picker.proxy.index(0, 0))
    qtbot.keyClick(picker.view, Qt.Key.Key_Space)
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert len(form_messages) == 1  # no new message
    [aanvraag] = aanvragen_in(world)
    assert aanvraag.soort is Soort.GROEP
    assert aanvraag.aangevraagd_cents == 425_075
    with world.db.read() as session:
        members = set(session.scalars(select(GroepsplanLeerling.leerling_id)).all())
        lines = session.scalars(select(Kostenregel).order_by(Kostenregel.id)).all()
        assert [(k.omschrijving, k.bedrag_cents) for k in lines] == [
            ("Orthopedagoog 40 uur", 400_000),
            ("Trainingsmateriaal", 25_075),
        ]
    assert members == set(ids.values())
    assert "€ 4.250,75" in dlg.velden.plan_total.text()


def test_development_time_cost_line_is_refused(qtbot, world, form_messages):
    nummers = [2101, 2102, 2103, 2104, 2105]
    for n in nummers:
        world.add_leerling(str(n))
    dlg = AanvraagDialog(ctx_for(world, world.contactpersoon))
    show(qtbot, dlg)
    _fill_group(qtbot, dlg, nummers)
    _text, kind, _amount = dlg.plan.costs.widgets(1)
    choose(qtbot, kind, "Ontwikkeltijd")
    assert "ontwikkeltijd € 250,75" in dlg.plan.costs.total.text()
    qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert aanvragen_in(world) == []
    assert "ontwikkeltijd" in form_messages[0][1]


def test_decided_application_is_read_only_with_besluiten_tab(qtbot, world, form_messages):
    leerling = world.add_leerling("4001")
    aid = world.ready_for_besluit(world.individual(leerling, 300_000))
    result = world.award(aid, Uitkomst.TOEGEKEND, 300_000, "Voldoet aan alle voorwaarden.")
    dlg = AanvraagDialog(ctx_for(world, world.contactpersoon), aid)
    show(qtbot, dlg)
    assert dlg.read_only and not dlg.save_button.isVisibleTo(dlg)
    assert not any(b.isVisibleTo(dlg) for b in dlg.workflow.buttons)
    assert not dlg.blockers.isVisibleTo(dlg)
    titles = [dlg.tabs.tabText(i) for i in range(dlg.tabs.count())]
    assert titles[-3:] == ["Voortgang", "Besluiten", "Geschiedenis"]
    table = dlg.besluiten.table
    assert table.item(0, 0).text() == result.kenmerk
    assert table.item(0, 2).text() == "€ 3.000,00"
    assert not dlg.besluiten.revise_button.isVisibleTo(dlg)  # only the programmadirecteur


def test_progress_gesprek_recorded_in_dialog_clears_overdue(qtbot, world, form_messages):
    leerling = world.add_leerling("5001")
    aid = world.ready_for_besluit(world.individual(leerling, 400_000))
    world.award(aid, Uitkomst.TOEGEKEND, 400_000, "Voldoet.")
    world.clock.set_date(date(2022, 1, 20))
    assert [
        r.aanvraag_id
        for r in voortgang.overdue_gesprekken(world.db, world.directeur, date(2022, 1, 20))
    ] == [aid]

    form = AanvraagDialog(ctx_for(world, world.contactpersoon), aid)
    show(qtbot, form)
    form.tabs.setCurrentWidget(form.voortgang)
    assert "Nog geen voortgangsgesprek" in form.voortgang.summary.text()
    qtbot.mouseClick(form.voortgang.button, Qt.MouseButton.LeftButton)
    gesprek = form.workflow.child
    assert isinstance(gesprek, VoortgangDialog)
    assert gesprek.datum.value() == date(2022, 1, 20)
    assert gesprek.volgende.value() == date(2022, 4, 20)  # prefilled: date + 3 months
    gesprek.datum.line.clear()
    qtbot.keyClicks(gesprek.datum.line, "18-01-2022")
    assert gesprek.volgende.value() == date(2022, 4, 19)  # 18 April 2022 is tweede Paasdag
    gesprek.deelnemers.clear()
    qtbot.keyClicks(gesprek.deelnemers, "Mentor, ouders, contactpersoon")
    qtbot.keyClicks(gesprek.notities, "Gaat beter met plannen; blijft in de klas.")
    choose(qtbot, gesprek.beoordeling, "Goede")
    qtbot.mouseClick(gesprek.save_button, Qt.MouseButton.LeftButton)

    assert form_messages == []
    with world.db.read() as session:
        [row] = session.scalars(select(Voortgangsgesprek)).all()
        assert (row.datum, row.volgende_op, row.beoordeling) == (
            date(2022, 1, 18),
            date(2022, 4, 19),
            Beoordeling.GOED,
        )
    assert voortgang.overdue_gesprekken(world.db, world.directeur, date(2022, 1, 20)) == []
    assert form.voortgang.table.rowCount() == 1  # the form reloaded
    assert "19-04-2022" in form.voortgang.table.item(0, 3).text()


def test_progress_gesprek_in_the_future_is_refused(qtbot, world, form_messages):
    leerling = world.add_leerling("5002")
    aid = world.ready_for_besluit(world.individual(leerling, 100_000))
    world.award(aid, Uitkomst.TOEGEKEND, 100_000, "Voldoet.")
    gesprek = VoortgangDialog(ctx_for(world, world.contactpersoon), aid)
    show(qtbot, gesprek)
    gesprek.datum.line.clear()
    qtbot.keyClicks(gesprek.datum.line, "1-1-2030")
    qtbot.keyClicks(gesprek.notities, "Vooruit gedacht.")
    qtbot.mouseClick(gesprek.save_button, Qt.MouseButton.LeftButton)
    assert "in de toekomst" in form_messages[0][1]
    with world.db.read() as session:
        assert session.scalars(select(Voortgangsgesprek)).all() == []


def test_withdraw_asks_the_reason(qtbot, world, form_messages, monkeypatch):
    aid = world.ready_for_besluit(world.individual(world.add_leerling("5101"), 100_000))
    form = AanvraagDialog(ctx_for(world, world.contactpersoon), aid)
    show(qtbot, form)
    monkeypatch.setattr(aanvraag_prompts, "ask_withdraw_reason", lambda _p, _n: None)
    qtbot.mouseClick(form.workflow.withdraw_button, Qt.MouseButton.LeftButton)
    assert aanvragen_in(world)[0].status is Status.TER_BESLUITVORMING  # went back: no change
    monkeypatch.setattr(
        aanvraag_prompts, "ask_withdraw_reason", lambda _p, _n: "School regelt het zelf."
    )
    qtbot.mouseClick(form.workflow.withdraw_button, Qt.MouseButton.LeftButton)
    assert aanvragen_in(world)[0].status is Status.INGETROKKEN
    assert form.read_only and not form.workflow.withdraw_button.isVisibleTo(form)
    assert form.history.table.item(4, 4).text() == "School regelt het zelf."
    form.close()
    assert form.result() == form.DialogCode.Accepted  # the list refreshes after a change


def test_voortgang_page_opens_the_talk_form(qtbot, world, form_messages):
    """From the Voortgang page, as a person: select the row, click, type a date, save. The
    dialog must survive a garbage collection while it is open (it lost its slots before)."""
    import gc

    from PySide6.QtWidgets import QApplication

    from swv_desktop.ui.voortgang_page import VoortgangPage

    aid = world.ready_for_besluit(world.individual(world.add_leerling("5201"), 100_000))
    world.award(aid, Uitkomst.TOEGEKEND, 100_000, "Voldoet.")
    world.clock.set_date(date(2022, 2, 1))
    page = VoortgangPage(ctx_for(world, world.contactpersoon))
    qtbot.addWidget(page)
    page.show()
    assert page.model.rowCount() == 1
    rect = page.table.visualRect(page.model.index(0, 1))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    gc.collect()
    [talk] = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, VoortgangDialog) and w.isVisible()
    ]
    assert talk.aanvraag_id == aid and talk.isVisible()
    talk.datum.line.selectAll()
    qtbot.keyClicks(talk.datum.line, "28-01-2022")
    gc.collect()
    assert talk.volgende.value() == date(2022, 4, 28)  # prefilled from the typed date
    qtbot.keyClicks(talk.notities, "Loopt goed.")
    qtbot.mouseClick(talk.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)  # the page refreshed
    assert form_messages == []
    with world.db.read() as session:
        assert len(session.scalars(select(Voortgangsgesprek)).all()) == 1


def test_ter_besluitvorming_the_amount_is_fixed_until_returned(
    qtbot, world, form_messages, monkeypatch
):
    """Put forward for a decision, the form is read-only and the service refuses a change; the
    programmadirecteur sends it back with a reason and the contactpersoon can change it again."""
    from swv_desktop.errors import StateError
    from swv_desktop.ui.dialogs.opening import open_windows

    leerling = world.add_leerling("5301")
    aid = world.ready_for_besluit(world.individual(leerling, 400_000))
    with pytest.raises(StateError, match="ligt daarmee vast"):
        loaded = aanvragen.get_aanvraag(world.db, world.contactpersoon, aid).data.versie
        aanvragen.update_aanvraag(
            world.db, world.contactpersoon, aid, world.individual(leerling, 500_000, versie=loaded)
        )
    cp_form = AanvraagDialog(ctx_for(world, world.contactpersoon), aid)
    show(qtbot, cp_form)
    assert cp_form.read_only and not cp_form.save_button.isVisibleTo(cp_form)
    assert "teruggestuurd" in cp_form.read_only_label.text()
    cp_form.close()

    pd_form = AanvraagDialog(ctx_for(world, world.directeur), aid)
    show(qtbot, pd_form)
    monkeypatch.setattr(aanvraag_prompts, "ask_return_reason", lambda _p, _n: "Bedrag onderbouwen.")
    qtbot.mouseClick(pd_form.workflow.return_button, Qt.MouseButton.LeftButton)
    assert aanvragen_in(world)[0].status is Status.BESPROKEN
    [fresh] = [w for w in open_windows() if isinstance(w, AanvraagDialog) and w is not pd_form]
    assert fresh.history.table.rowCount() == 5
    assert fresh.read_only  # the programmadirecteur decides; the contactpersoon changes it
    fresh.close()
    loaded = aanvragen.get_aanvraag(world.db, world.contactpersoon, aid).data.versie
    aanvragen.update_aanvraag(
        world.db, world.contactpersoon, aid, world.individual(leerling, 500_000, versie=loaded)
    )
    assert aanvragen_in(world)[0].aangevraagd_cents == 500_000
