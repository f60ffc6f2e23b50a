"""The money after an award, on SQLite and PostgreSQL: payments, the school's account at the
award's boundary, settlement arithmetic, repayment closing the account, overdue accounts and
the schooljaar's figures against a direct SQL query."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import text

from swv_desktop.errors import PermissionDenied
from swv_desktop.errors import StateError
from swv_desktop.errors import ValidationError
from swv_desktop.models import Afwikkeling
from swv_desktop.models import AuditEntry
from swv_desktop.models import Betaling
from swv_desktop.models import Uitkomst
from swv_desktop.models import Vaststelling
from swv_desktop.services import scholen
from swv_desktop.services.beschikkingen import uitgifte
from swv_desktop.services.verantwoording import betalingen
from swv_desktop.services.verantwoording import geldoverzicht
from swv_desktop.services.verantwoording import overzicht
from swv_desktop.services.verantwoording import use_cases as geld
from swv_desktop.services.verantwoording.betalingen import BetalingInput
from swv_desktop.services.verantwoording.betalingen import VerantwoordingInput
from swv_desktop.services.verantwoording.regels import Stand
from swv_desktop.services.verantwoording.regels import afrekening
from swv_desktop.services.verantwoording.regels import repayment_deadline
from swv_desktop.services.verantwoording.use_cases import VaststellingInput

IBAN = "NL91ABNA0417164300"


def _board_iban(world) -> None:
    scholen.save_bestuur(
        world.db,
        world.secretariaat,
        scholen.BestuurInput("Stichting Testonderwijs", "41234", iban=IBAN, versie=1),
        world.bestuur_id,
    )


def _award(world, cents=500_000, nummer="600001", *, requested=None) -> tuple[int, int]:
    """An issued award of ``cents``; returns (aanvraag id, besluit id)."""
    aid = world.ready_for_besluit(world.individual(world.add_leerling(nummer), requested or cents))
    result = world.award(
        aid,
        Uitkomst.GEDEELTELIJK if requested else Uitkomst.TOEGEKEND,
        cents,
        "Past binnen de regeling.",
    )
    uitgifte.issue_beschikking(world.db, world.directeur, result.beschikking_id)
    return aid, result.besluit_id


def _account(cents: int, **extra) -> VerantwoordingInput:
    return VerantwoordingInput(
        ontvangen_op=date(2021, 10, 4),
        ondersteuning_cents=cents,
        gecontroleerd_op=extra.pop("gecontroleerd_op", date(2021, 10, 4)),
        **extra,
    )


def _audits(world) -> int:
    with world.db.read() as s:
        return int(s.scalar(select(func.count(AuditEntry.id))) or 0)


def test_spending_equal_to_the_award_passes_one_cent_more_is_refused(world):
    aid, _ = _award(world)
    before = _audits(world)
    with pytest.raises(ValidationError, match="hoger dan het toegekende bedrag.*herziening"):
        betalingen.save_verantwoording(world.db, world.contactpersoon, aid, _account(500_001))
    assert _audits(world) == before  # nothing half-saved
    # split over the kinds, exactly the award
    rid = betalingen.save_verantwoording(
        world.db,
        world.contactpersoon,
        aid,
        VerantwoordingInput(
            date(2021, 10, 4),
            ondersteuning_cents=300_000,
            materialen_cents=50_000,
            externe_expertise_cents=100_000,
            vso_expertise_cents=50_000,
        ),
    )
    assert _audits(world) == before + 1
    view = overzicht.geldstroom(world.db, world.directeur, aid)
    assert view is not None and view.verantwoording is not None
    assert view.verantwoording.id == rid and view.verantwoording.besteed_cents == 500_000
    assert view.stand is Stand.ONTVANGEN


def test_a_herziening_up_first_allows_more_spending(world):
    aid, besluit_id = _award(world, 400_000, requested=450_000)
    with pytest.raises(ValidationError, match="herziening"):
        betalingen.save_verantwoording(world.db, world.contactpersoon, aid, _account(450_000))
    result = world.revise(besluit_id, Uitkomst.TOEGEKEND, 450_000, "Extra uren coaching nodig.")
    uitgifte.issue_beschikking(world.db, world.directeur, result.beschikking_id)
    betalingen.save_verantwoording(world.db, world.contactpersoon, aid, _account(450_000))


def test_payments_follow_the_award_and_need_the_boards_iban(world):
    aid, _ = _award(world)
    with pytest.raises(StateError, match="rekeningnummer"):
        betalingen.record_betaling(
            world.db, world.secretariaat, aid, BetalingInput(date(2021, 10, 4), 500_000)
        )
    _board_iban(world)
    with pytest.raises(PermissionDenied):
        betalingen.record_betaling(
            world.db, world.contactpersoon, aid, BetalingInput(date(2021, 10, 4), 100)
        )
    betalingen.record_betaling(
        world.db, world.secretariaat, aid, BetalingInput(date(2021, 10, 4), 500_000, "BT-1")
    )
    with pytest.raises(ValidationError, match="meer uit dan het toegekende bedrag"):
        betalingen.record_betaling(
            world.db, world.secretariaat, aid, BetalingInput(date(2021, 10, 4), 1)
        )
    with world.db.read() as s:
        row = s.scalars(select(Betaling)).one()
        assert (row.bedrag_cents, row.iban, row.referentie) == (500_000, IBAN, "BT-1")


def test_settlement_arithmetic_and_repayment_closes_the_account(world):
    _board_iban(world)
    aid, _ = _award(world, 500_000)
    betalingen.record_betaling(
        world.db, world.secretariaat, aid, BetalingInput(date(2021, 10, 4), 500_000)
    )
    betalingen.save_verantwoording(world.db, world.contactpersoon, aid, _account(412_345))
    with pytest.raises(PermissionDenied):
        geld.vaststellen(world.db, world.contactpersoon, aid, VaststellingInput(date(2021, 10, 4)))
    result = geld.vaststellen(
        world.db, world.directeur, aid, VaststellingInput(date(2021, 10, 4), toelichting="Ok.")
    )
    assert (result.vastgesteld_cents, result.terug_cents) == (412_345, 87_655)
    assert result.kenmerk == "MWB-2021-V001"
    with world.db.read() as s:
        row = s.get(Vaststelling, result.vaststelling_id)
        assert row.terug_uiterlijk == repayment_deadline(date(2021, 10, 4)) == date(2021, 11, 15)
    view = overzicht.geldstroom(world.db, world.directeur, aid)
    assert view.stand is Stand.VASTGESTELD and view.saldo_cents == 87_655
    # the account no longer changes, the award is not revised, a second settlement refused
    with pytest.raises(StateError, match="al vastgesteld"):
        betalingen.save_verantwoording(world.db, world.contactpersoon, aid, _account(1), versie=1)
    with pytest.raises(StateError, match="al vastgesteld"):
        geld.vaststellen(world.db, world.directeur, aid, VaststellingInput(date(2021, 10, 4)))
    with pytest.raises(StateError, match="vastgesteld"):
        world.revise(view_besluit_id(world, aid), Uitkomst.GEDEELTELIJK, 100_000, "x")

    # repayment: one cent too much refused; in two parts it closes the account
    def repay(cents: int) -> None:
        payment = BetalingInput(date(2021, 10, 4), cents)
        betalingen.record_terugbetaling(
            world.db, world.secretariaat, result.vaststelling_id, payment
        )

    with pytest.raises(ValidationError, match="nog terug moet komen"):
        repay(87_656)
    repay(50_000)
    assert overzicht.geldstroom(world.db, world.directeur, aid).stand is Stand.VASTGESTELD
    repay(37_655)
    closed = overzicht.geldstroom(world.db, world.directeur, aid)
    assert closed.stand is Stand.AFGESLOTEN and closed.saldo_cents == 0
    with pytest.raises(StateError, match="niets \\(meer\\) terug"):
        repay(1)


def view_besluit_id(world, aid: int) -> int:
    with world.db.read() as s:
        return int(s.scalar(select(Vaststelling.besluit_id).where(Vaststelling.aanvraag_id == aid)))


def test_settlement_of_an_unpaid_rest_and_of_set_off(world):
    _board_iban(world)
    aid, _ = _award(world, 500_000, "600001")
    betalingen.record_betaling(
        world.db, world.secretariaat, aid, BetalingInput(date(2021, 10, 4), 300_000)
    )
    betalingen.save_verantwoording(world.db, world.contactpersoon, aid, _account(450_000))
    result = geld.vaststellen(world.db, world.directeur, aid, VaststellingInput(date(2021, 10, 4)))
    assert result.terug_cents == -150_000  # the SWV still pays
    with pytest.raises(ValidationError, match="vastgestelde bedrag"):
        betalingen.record_betaling(
            world.db, world.secretariaat, aid, BetalingInput(date(2021, 10, 4), 150_001)
        )
    betalingen.record_betaling(
        world.db, world.secretariaat, aid, BetalingInput(date(2021, 10, 4), 150_000)
    )
    assert overzicht.geldstroom(world.db, world.directeur, aid).stand is Stand.AFGESLOTEN

    other, _ = _award(world, 200_000, "600002")
    betalingen.record_betaling(
        world.db, world.secretariaat, other, BetalingInput(date(2021, 10, 4), 200_000)
    )
    betalingen.save_verantwoording(world.db, world.contactpersoon, other, _account(150_000))
    result = geld.vaststellen(
        world.db,
        world.directeur,
        other,
        VaststellingInput(date(2021, 10, 4), afwikkeling=Afwikkeling.VERREKENEN),
    )
    assert result.kenmerk == "MWB-2021-V002" and result.terug_cents == 50_000
    with world.db.read() as s:
        assert s.get(Vaststelling, result.vaststelling_id).terug_uiterlijk is None
    betalingen.record_terugbetaling(
        world.db,
        world.secretariaat,
        result.vaststelling_id,
        BetalingInput(date(2021, 10, 4), 50_000, "verrekend met MWB-2022-001"),
        wijze=Afwikkeling.VERREKENEN,
    )
    assert overzicht.geldstroom(world.db, world.directeur, other).stand is Stand.AFGESLOTEN


def test_settling_needs_a_checked_account(world):
    aid, _ = _award(world)
    with pytest.raises(StateError, match="gecontroleerde verantwoording"):
        geld.vaststellen(world.db, world.directeur, aid, VaststellingInput(date(2021, 10, 4)))
    betalingen.save_verantwoording(
        world.db, world.contactpersoon, aid, _account(100_000, gecontroleerd_op=None)
    )
    with pytest.raises(StateError, match="gecontroleerde verantwoording"):
        geld.vaststellen(world.db, world.directeur, aid, VaststellingInput(date(2021, 10, 4)))
    view = overzicht.geldstroom(world.db, world.directeur, aid)
    betalingen.save_verantwoording(
        world.db, world.directeur, aid, _account(100_000), versie=view.verantwoording.versie
    )
    view = overzicht.geldstroom(world.db, world.directeur, aid)
    assert view.verantwoording.gecontroleerd_door == "Dirk Directeur"
    assert view.stand is Stand.GECONTROLEERD


def test_afrekening_arithmetic():
    som = afrekening(800_000, 799_999, 800_000)
    assert (som.vastgesteld_cents, som.niet_besteed_cents, som.terug_cents) == (799_999, 1, 1)
    assert afrekening(800_000, 800_000, 0).terug_cents == -800_000
    with pytest.raises(ValueError):
        afrekening(800_000, 800_001, 0)


def test_overdue_accounts(world):
    aid, _ = _award(world)  # period to 31 July 2022: due six weeks later, on a working day
    due = date(2022, 9, 12)  # 11 September 2022 is a Sunday
    assert overzicht.overdue_verantwoordingen(world.db, world.directeur, due) == []
    rows = overzicht.overdue_verantwoordingen(world.db, world.directeur, date(2022, 9, 20))
    assert [(r.aanvraag_id, r.due, r.days_overdue) for r in rows] == [(aid, due, 8)]
    assert (
        overzicht.overdue_verantwoordingen(
            world.db, world.directeur, date(2022, 9, 20), contactpersoon_id=world.directeur.id
        )
        == []
    )
    world.clock.set_date(date(2022, 9, 20))
    assert overzicht.geldstroom(world.db, world.directeur, aid).stand is Stand.TE_LAAT
    betalingen.save_verantwoording(
        world.db, world.contactpersoon, aid, VerantwoordingInput(date(2022, 9, 19), 1)
    )
    assert overzicht.overdue_verantwoordingen(world.db, world.directeur, date(2022, 9, 20)) == []


def test_schooljaar_figures_against_a_direct_query(world):
    _board_iban(world)
    a1, _ = _award(world, 500_000, "600001")
    a2, _ = _award(world, 300_000, "600002")
    a3, _ = _award(world, 200_000, "600003")
    for aid, cents in ((a1, 500_000), (a2, 300_000), (a3, 100_000)):
        betalingen.record_betaling(
            world.db, world.secretariaat, aid, BetalingInput(date(2021, 10, 4), cents)
        )
    betalingen.save_verantwoording(world.db, world.contactpersoon, a1, _account(420_000))
    betalingen.save_verantwoording(world.db, world.contactpersoon, a2, _account(300_000))
    v1 = geld.vaststellen(world.db, world.directeur, a1, VaststellingInput(date(2021, 10, 4)))
    betalingen.record_terugbetaling(
        world.db, world.secretariaat, v1.vaststelling_id, BetalingInput(date(2021, 10, 4), 30_000)
    )
    f = geldoverzicht.geld_overzicht(world.db, world.directeur, world.schooljaar_id)
    with world.db.read() as s:
        direct = s.execute(
            text(
                """
                select
                  (select sum(b.toegekend_cents) from besluit b join aanvraag a on a.id = b.aanvraag_id
                    where a.schooljaar_id = :j and b.uitkomst <> 'afgewezen'
                      and not exists (select 1 from besluit l where l.herziening_van_id = b.id)),
                  (select sum(p.bedrag_cents) from betaling p),
                  (select sum(ondersteuning_cents + materialen_cents + externe_expertise_cents
                              + vso_expertise_cents) from verantwoording),
                  (select sum(vastgesteld_cents) from vaststelling),
                  (select sum(toegekend_cents) from vaststelling),
                  (select sum(bedrag_cents) from terugbetaling)
                """
            ),
            {"j": world.schooljaar_id},
        ).one()
    assert (
        f.toegekend_cents,
        f.betaald_cents,
        f.verantwoord_cents,
        f.vastgesteld_cents,
        f.toegekend_vastgesteld_cents,
        f.terugbetaald_cents,
    ) == tuple(int(x) for x in direct)
    assert (f.toegekend_cents, f.betaald_cents, f.verantwoord_cents) == (
        1_000_000,
        900_000,
        720_000,
    )
    assert f.vastgesteld_cents == 420_000 and f.niet_besteed_cents == 80_000
    assert f.terug_te_ontvangen_cents == 50_000  # 80.000 back, 30.000 came in
    assert f.nog_vast_te_stellen_cents == 500_000
    assert f.open_cents == 550_000
    assert f.benut_cents == 920_000
    assert (f.toekenningen, f.verantwoordingen, f.vaststellingen) == (3, 2, 1)
    with world.db.read() as s:
        rows = geldoverzicht.geld_rijen_in(s, world.schooljaar_id)
    assert [(r.toegekend_cents, r.vastgesteld_cents, r.kenmerk) for r in rows] == [
        (500_000, 420_000, "MWB-2021-V001"),
        (300_000, None, ""),
        (200_000, None, ""),
    ]
