"""The Geld tab, like a person: the secretariaat records the payment, the contactpersoon types the
school's account, the programmadirecteur settles it and issues the settlement letter, the
secretariaat records the repayment; each step asserted in the database."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from swv_desktop.errors import PermissionDenied
from swv_desktop.models import Aanvraag
from swv_desktop.models import Beschikking
from swv_desktop.models import Besluit
from swv_desktop.models import Betaling
from swv_desktop.models import Terugbetaling
from swv_desktop.models import Uitkomst
from swv_desktop.models import Vaststelling
from swv_desktop.models import Verantwoording
from swv_desktop.services import scholen
from swv_desktop.services.beschikkingen import uitgifte
from swv_desktop.services.verantwoording import betalingen
from swv_desktop.services.verantwoording import use_cases as geld
from swv_desktop.ui.dashboard import Dashboard
from swv_desktop.ui.dialogs import geld_tab
from swv_desktop.ui.dialogs.aanvraag_form import AanvraagDialog
from swv_desktop.ui.dialogs.beschikking_view import BeschikkingView

from .form_helpers import OFFSCREEN_LIMITS
from .form_helpers import ctx_for
from .form_helpers import patch_messages
from .form_helpers import rows_of
from .form_helpers import show

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_LIMITS)


def _awarded(world) -> int:
    scholen.save_bestuur(
        world.db,
        world.secretariaat,
        scholen.BestuurInput(
            "Stichting Testonderwijs", "41234", iban="NL91ABNA0417164300", versie=1
        ),
        world.bestuur_id,
    )
    aid = world.ready_for_besluit(world.individual(world.add_leerling("7001"), 600_000))
    result = world.award(aid, Uitkomst.TOEGEKEND, 600_000, "Past binnen de regeling.")
    uitgifte.issue_beschikking(world.db, world.directeur, result.beschikking_id)
    return aid


def _geld_tab(qtbot, world, actor, aid) -> AanvraagDialog:
    form = AanvraagDialog(ctx_for(world, actor), aid)
    show(qtbot, form)
    index = form.tabs.indexOf(form.geld)
    assert index >= 0 and form.tabs.tabText(index) == "Geld"
    form.tabs.setCurrentIndex(index)
    return form


def _geld_of_letter(qtbot, world, aid):
    """The secretariaat's way: the beschikking (initials only), then its Geld… button."""
    with world.db.read() as s:
        bid = s.scalar(select(Beschikking.id).join(Besluit).where(Besluit.aanvraag_id == aid))
    view = BeschikkingView(ctx_for(world, world.secretariaat), bid)
    show(qtbot, view)
    assert view.geld_button.isVisible()
    qtbot.mouseClick(view.geld_button, Qt.MouseButton.LeftButton)
    assert view.geld_dialog is not None
    world.open_views = [*getattr(world, "open_views", []), view]  # alive until the test ends
    return view.geld_dialog


def test_the_secretariaat_never_opens_the_aanvraag(qtbot, world):
    aid = _awarded(world)
    with pytest.raises(PermissionDenied):
        AanvraagDialog(ctx_for(world, world.secretariaat), aid)
    dialog = _geld_of_letter(qtbot, world, aid)
    texts = " ".join(w.text() for w in dialog.findChildren(QLabel))
    assert "€ 6.000,00" in texts and "Leerling7001" not in texts and "Testa" not in texts


def test_account_recorded_settled_and_repaid(qtbot, world, monkeypatch):
    messages = patch_messages(monkeypatch)
    aid = _awarded(world)
    click = Qt.MouseButton.LeftButton

    # the secretariaat pays the award (the form proposes the open amount), from the letter
    form = _geld_of_letter(qtbot, world, aid)
    qtbot.mouseClick(form.geld.buttons["betaling"], click)
    pay = form.geld.child
    qtbot.keyClicks(pay.referentie, "BT-2021-88")
    qtbot.mouseClick(pay.save_button, click)
    assert [(b.bedrag_cents, b.referentie) for b in rows_of(world, Betaling)] == [
        (600_000, "BT-2021-88")
    ]
    assert form.geld.values["betaald"].text() == "€ 6.000,00"
    form.close()

    # the contactpersoon types the school's account: one cent over the award is refused
    form = _geld_tab(qtbot, world, world.contactpersoon, aid)
    qtbot.mouseClick(form.geld.buttons["verantwoording"], click)
    account = form.geld.child
    qtbot.keyClicks(account.bedragen[next(iter(account.bedragen))].line, "5600,01")
    kinds = list(account.bedragen)
    qtbot.keyClicks(account.bedragen[kinds[1]].line, "400")
    qtbot.mouseClick(account.save_button, click)
    assert messages and "herziening" in messages[-1][1]
    assert rows_of(world, Verantwoording) == []
    account.bedragen[kinds[0]].line.clear()
    qtbot.keyClicks(account.bedragen[kinds[0]].line, "4800")
    qtbot.keyClicks(account.bijlage, "DMS-2022-17")
    account.gecontroleerd.click()
    qtbot.mouseClick(account.save_button, click)
    (stored,) = rows_of(world, Verantwoording)
    accounted = (stored.ondersteuning_cents, stored.materialen_cents, stored.bijlage)
    assert accounted == (480_000, 40_000, "DMS-2022-17")
    assert stored.gecontroleerd_door_id == world.contactpersoon.id
    assert not form.geld.buttons["vaststellen"].isVisible()  # not the contactpersoon's
    form.close()

    # the programmadirecteur settles it and issues the letter
    form = _geld_tab(qtbot, world, world.directeur, aid)
    assert form.geld.buttons["vaststellen"].isEnabled()
    qtbot.mouseClick(form.geld.buttons["vaststellen"], click)
    settle = form.geld.child
    assert "Het schoolbestuur betaalt € 800,00 terug." in settle.summary.text()
    qtbot.keyClicks(settle.toelichting, "Minder uren ingezet.")
    qtbot.mouseClick(settle.save_button, click)
    (row,) = rows_of(world, Vaststelling)
    assert (row.vastgesteld_cents, row.terug_cents) == (520_000, 80_000)
    assert row.kenmerk == "MWB-2021-V001"
    assert row.terug_uiterlijk == date(2021, 11, 15)
    assert form.geld.stand.text() == "Vastgesteld, nog niet afgewikkeld"
    monkeypatch.setattr(geld_tab, "confirm_issue", lambda _p, _k: True)
    qtbot.mouseClick(form.geld.buttons["brief"], click)
    letter = form.geld.child
    assert len(letter.pages.page_labels) >= 1
    qtbot.mouseClick(letter.issue_button, click)
    assert rows_of(world, Vaststelling)[0].sha256
    letter.close()
    form.close()

    # the secretariaat records the repayment: the account closes
    form = _geld_of_letter(qtbot, world, aid)
    qtbot.mouseClick(form.geld.buttons["terugbetaling"], click)
    repay = form.geld.child
    assert repay.bedrag.cents() == 80_000  # proposed: what is still owed
    qtbot.mouseClick(repay.save_button, click)
    assert [t.bedrag_cents for t in rows_of(world, Terugbetaling)] == [80_000]
    assert form.geld.stand.text() == "Afgesloten"
    assert not form.geld.buttons["terugbetaling"].isEnabled()
    table = form.geld.table
    moves = [(table.item(r, 1).text(), table.item(r, 2).text()) for r in range(table.rowCount())]
    # the repayment signed as in the letters: a minus sign before the euro sign
    assert moves == [
        ("Betaling", "€ 6.000,00"),
        ("Terugbetaling ontvangen", "\N{MINUS SIGN} € 800,00"),
    ]


def _dashboard(qtbot, world, actor) -> Dashboard:
    board = Dashboard(ctx_for(world, actor))
    qtbot.addWidget(board)
    board.resize(1300, 800)
    with qtbot.waitSignal(board.data_shown, timeout=10_000):
        board.show()
    return board


def test_overdue_account_on_the_dashboards_and_the_meter_uses_settled_amounts(qtbot, world):
    aid = _awarded(world)  # period to 31 July 2022: the account is due 12 September 2022
    world.clock.set_date(date(2022, 9, 20))
    for actor, heading in (
        (world.contactpersoon, "Uw verantwoordingen te laat"),
        (world.directeur, "Verantwoordingen te laat"),
    ):
        board = _dashboard(qtbot, world, actor)
        card = board.accounts_card
        assert card is not None and card.heading.text() == heading
        assert card.row_count() == 1
        assert card.table.item(0, 0).text() == rows_of(world, Aanvraag)[0].nummer
        assert card.table.item(0, card.table.columnCount() - 1).text() == "8"
    assert _dashboard(qtbot, world, world.secretariaat).accounts_card is None

    betalingen.record_betaling(
        world.db, world.secretariaat, aid, betalingen.BetalingInput(date(2022, 9, 20), 600_000)
    )
    betalingen.save_verantwoording(
        world.db,
        world.contactpersoon,
        aid,
        betalingen.VerantwoordingInput(
            date(2022, 9, 19), 450_000, gecontroleerd_op=date(2022, 9, 20)
        ),
    )
    geld.vaststellen(world.db, world.directeur, aid, geld.VaststellingInput(date(2022, 9, 20)))
    board = _dashboard(qtbot, world, world.directeur)
    assert board.accounts_card.row_count() == 0
    meter = board.meter
    assert meter.values["toegekend"].text() == "€ 6.000,00"
    assert meter.values["vrijgevallen"].text() == "€ 1.500,00"
    assert meter.values["vrijgevallen"].isVisibleTo(board)
    assert meter.values["resterend"].text() == "€ 145.500,00"
    assert "benut (vastgesteld waar dat kan)" in meter.title.text()
    figures = {k: v.text() for k, v in board.geld_row.values.items()}
    assert figures == {
        "toegekend": "€ 6.000,00",
        "betaald": "€ 6.000,00",
        "verantwoord": "€ 4.500,00 (1)",
        "vastgesteld": "€ 4.500,00 (1)",
        "terugbetaald": "€ 0,00",
        "open": "€ 1.500,00",
    }
