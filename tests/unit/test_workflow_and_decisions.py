"""The workflow, deciding, the budget and herzieningen."""

from __future__ import annotations

from datetime import date

import pytest
from loaded import aanvraag_versie
from loaded import decide
from sqlalchemy import func
from sqlalchemy import select

from swv_desktop.errors import PermissionDenied
from swv_desktop.errors import StateError
from swv_desktop.errors import ValidationError
from swv_desktop.models import AuditEntry
from swv_desktop.models import Beschikking
from swv_desktop.models import Besluit
from swv_desktop.models import BudgetNotitie
from swv_desktop.models import Status
from swv_desktop.models import StatusWijziging
from swv_desktop.models import Uitkomst
from swv_desktop.services import besluiten
from swv_desktop.services import budget
from swv_desktop.services import instellingen
from swv_desktop.services import schooljaren
from swv_desktop.services.aanvragen import stappen
from swv_desktop.services.aanvragen import use_cases as aanvragen
from swv_desktop.services.besluiten import BudgetOverschrijding


def _award(world, aid, cents, **kw):
    return decide(world.db, world.directeur, aid, Uitkomst.TOEGEKEND, cents, **kw)


def test_individual_application_through_to_award(world):
    leerling = world.add_leerling("400001")
    aid = world.ready_for_besluit(world.individual(leerling, 650_000))
    result = _award(world, aid, 650_000)
    assert result.kenmerk == "MWB-2021-001"
    detail = aanvragen.get_aanvraag(world.db, world.directeur, aid)
    assert detail.status is Status.TOEGEKEND
    assert [s.naar for s in detail.geschiedenis] == [
        Status.CONCEPT,
        Status.INGEDIEND,
        Status.BESPROKEN,
        Status.TER_BESLUITVORMING,
        Status.TOEGEKEND,
    ]
    overview = budget.budget_overview(world.db, world.schooljaar_id)
    assert (overview.awarded_cents, overview.remaining_cents, overview.pending_cents) == (
        650_000,
        14_350_000,
        0,
    )
    with world.db.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entiteit == "besluit")).one()
        assert entry.gebruikersnaam == "programmadirecteur" and entry.actie == "besloten"


def test_kenmerk_is_sequential_per_schooljaar(world):
    kenmerken = []
    for i in range(3):
        leerling = world.add_leerling(f"40001{i}")
        aid = world.ready_for_besluit(world.individual(leerling, 100_000))
        kenmerken.append(_award(world, aid, 100_000).kenmerk)
    jaar2 = schooljaren.save_schooljaar(
        world.db, world.beheerder, label="2022-2023", **instellingen.REGELING_DEFAULTS
    )
    leerling = world.add_leerling("400020")
    data = world.individual(
        leerling, 100_000, schooljaar_id=jaar2.id, aanvraagdatum=date(2022, 9, 5)
    )
    world.clock.set_date(date(2022, 10, 1))
    aid = world.ready_for_besluit(data)
    kenmerken.append(_award(world, aid, 100_000).kenmerk)
    assert kenmerken == ["MWB-2021-001", "MWB-2021-002", "MWB-2021-003", "MWB-2022-001"]


def test_only_the_programmadirecteur_decides_and_nothing_changes(world):
    leerling = world.add_leerling("400030")
    aid = world.ready_for_besluit(world.individual(leerling, 100_000))
    for actor in (world.secretariaat, world.contactpersoon, world.beheerder):
        with pytest.raises(PermissionDenied):
            decide(world.db, actor, aid, Uitkomst.TOEGEKEND, 100_000, "x")
    with world.db.read() as s:
        assert s.scalar(select(func.count(Besluit.id))) == 0
    assert (
        aanvragen.get_aanvraag(world.db, world.directeur, aid).status is Status.TER_BESLUITVORMING
    )


def test_award_needs_opp_conditions_and_gesprek(world):
    leerling = world.add_leerling("400040", opp=False)
    data = world.individual(leerling, 100_000)
    data.voorwaarden[0].voldaan = False
    aid = world.ready_for_besluit(data)
    with pytest.raises(ValidationError) as exc:
        _award(world, aid, 100_000)
    text = str(exc.value)
    assert "geen OPP" in text and "Voorwaarde niet bevestigd" in text
    with world.db.read() as s:
        assert s.scalar(select(func.count(Besluit.id))) == 0
    # a refusal is always possible, and needs no OPP
    world.award(aid, Uitkomst.AFGEWEZEN, 0, "Geen OPP.")
    assert aanvragen.get_aanvraag(world.db, world.directeur, aid).status is Status.AFGEWEZEN


def test_opp_must_state_the_use_of_the_budget(world):
    leerling = world.add_leerling("400045", opp=False)
    world.add_opp(leerling, date(2021, 9, 1), "", vorige_versie=0, uitstroomprofiel="vmbo-tl")
    aid = world.ready_for_besluit(world.individual(leerling, 100_000))
    with pytest.raises(ValidationError, match="vermeldt niet waarvoor"):
        _award(world, aid, 100_000)


def test_deciding_needs_ter_besluitvorming(world):
    leerling = world.add_leerling("400050")
    aid = aanvragen.create_aanvraag(
        world.db, world.contactpersoon, world.individual(leerling, 100_000)
    )
    with pytest.raises(StateError, match="ter besluitvorming"):
        _award(world, aid, 100_000)
    with pytest.raises(StateError):
        stappen.send_for_besluit(
            world.db, world.contactpersoon, aid, versie=aanvraag_versie(world.db, aid)
        )


def test_partial_award_and_amount_rules(world):
    leerling = world.add_leerling("400060")
    aid = world.ready_for_besluit(world.individual(leerling, 500_000))
    with pytest.raises(ValidationError, match="gedeeltelijk"):
        _award(world, aid, 400_000)
    with pytest.raises(ValidationError, match="lager dan het aangevraagde"):
        world.award(aid, Uitkomst.GEDEELTELIJK, 500_000, "x")
    world.award(aid, Uitkomst.GEDEELTELIJK, 400_000, "Deels.")
    assert budget.budget_overview(world.db, world.schooljaar_id).awarded_cents == 400_000


def test_leerling_awards_in_one_year_together_within_cap(world):
    leerling = world.add_leerling("400070")
    aid = world.ready_for_besluit(world.individual(leerling, 500_000))
    _award(world, aid, 500_000)
    with pytest.raises(ValidationError, match="al € 5.000,00"):
        aanvragen.create_aanvraag(
            world.db, world.contactpersoon, world.individual(leerling, 300_001)
        )
    aanvragen.create_aanvraag(world.db, world.contactpersoon, world.individual(leerling, 300_000))


def test_decided_application_changes_only_through_herziening(world):
    from swv_desktop.services.beschikkingen.uitgifte import issue_beschikking

    leerling = world.add_leerling("400080")
    aid = world.ready_for_besluit(world.individual(leerling, 600_000))
    first = _award(world, aid, 600_000)
    with pytest.raises(StateError, match="herziening"):
        loaded = aanvragen.get_aanvraag(world.db, world.contactpersoon, aid).data.versie
        aanvragen.update_aanvraag(
            world.db,
            world.contactpersoon,
            aid,
            world.individual(leerling, 500_000, versie=loaded),
        )
    with pytest.raises(StateError, match="herziening"):
        _award(world, aid, 600_000)
    issue_beschikking(world.db, world.directeur, first.beschikking_id)
    revised = world.revise(first.besluit_id, Uitkomst.GEDEELTELIJK, 450_000, "Minder uren nodig.")
    assert revised.kenmerk == "MWB-2021-002"
    detail = aanvragen.get_aanvraag(world.db, world.directeur, aid)
    assert detail.besluit_in_force.herziening_van_kenmerk == "MWB-2021-001"
    assert detail.status is Status.GEDEELTELIJK_TOEGEKEND
    assert budget.budget_overview(world.db, world.schooljaar_id).awarded_cents == 450_000
    with pytest.raises(StateError, match="al herzien"):
        world.revise(first.besluit_id, Uitkomst.AFGEWEZEN, 0, "x")


def test_withdraw_from_open_state_with_reason(world):
    leerling = world.add_leerling("400090")
    aid = aanvragen.create_aanvraag(
        world.db, world.contactpersoon, world.individual(leerling, 100_000)
    )

    def withdraw(reden: str) -> None:
        stappen.withdraw(
            world.db, world.contactpersoon, aid, reden=reden, versie=aanvraag_versie(world.db, aid)
        )

    with pytest.raises(ValidationError):
        withdraw(" ")
    withdraw("School regelt het zelf.")
    assert aanvragen.get_aanvraag(world.db, world.contactpersoon, aid).status is Status.INGETROKKEN
    with pytest.raises(StateError):
        withdraw("Nogmaals")


def _shrink_budget(world, cents):
    schooljaren.save_schooljaar(
        world.db,
        world.beheerder,
        schooljaar_id=world.schooljaar_id,
        versie=schooljaren.get_schooljaar(world.db, world.schooljaar_id).versie,
        label="2021-2022",
        **{**instellingen.REGELING_DEFAULTS, "budget_cents": cents},
    )


def test_award_past_budget_needs_a_reason_and_creates_a_bestuur_note(world):
    _shrink_budget(world, 1_000_000)
    first = world.ready_for_besluit(world.individual(world.add_leerling("400100"), 700_000))
    _award(world, first, 700_000)
    second = world.ready_for_besluit(world.individual(world.add_leerling("400101"), 400_000))
    preview = besluiten.preview_besluit(world.db, world.directeur, second, 400_000)
    assert preview.overshoot_cents == 100_000
    with pytest.raises(BudgetOverschrijding) as exc:
        _award(world, second, 400_000)
    assert exc.value.overshoot_cents == 100_000
    assert "€ 1.000,00 boven het budget van € 10.000,00" in str(exc.value)
    with world.db.read() as s:
        assert s.scalar(select(func.count(Besluit.id))) == 1
        assert s.scalar(select(func.count(BudgetNotitie.id))) == 0
    result = _award(
        world,
        second,
        400_000,
        overschrijding_reden="Leerling dreigt uit te vallen; geen alternatief.",
    )
    assert result.budget_notitie_id is not None
    overview = budget.budget_overview(world.db, world.schooljaar_id)
    assert overview.level == "red" and overview.overshoot_cents == 100_000
    notes = budget.budget_notes(world.db, world.directeur, only_open=True)
    assert [n.overschrijding_cents for n in notes] == [100_000]
    with pytest.raises(PermissionDenied):
        budget.mark_bestuur_informed(
            world.db, world.secretariaat, notes[0].id, datum=date(2021, 10, 4), wat_gemeld="x"
        )
    budget.mark_bestuur_informed(
        world.db,
        world.directeur,
        notes[0].id,
        datum=date(2021, 10, 4),
        wat_gemeld="Bestuur per mail geïnformeerd.",
    )
    assert budget.budget_notes(world.db, world.directeur, only_open=True) == []


def test_budget_meter_levels(world):
    _shrink_budget(world, 1_000_000)
    first = world.ready_for_besluit(world.individual(world.add_leerling("400110"), 450_000))
    second = world.ready_for_besluit(world.individual(world.add_leerling("400111"), 449_999))
    assert budget.budget_overview(world.db, world.schooljaar_id).pending_cents == 899_999
    _award(world, first, 450_000)
    _award(world, second, 449_999)
    assert budget.budget_overview(world.db, world.schooljaar_id).level == "ok"  # 89.9999%
    _shrink_budget(world, 999_998)
    assert budget.budget_overview(world.db, world.schooljaar_id).level == "amber"  # 90.0%


def test_status_history_records_every_step(world):
    aid = world.ready_for_besluit(world.individual(world.add_leerling("400120"), 100_000))
    with world.db.read() as s:
        assert (
            s.scalar(
                select(func.count(StatusWijziging.id)).where(StatusWijziging.aanvraag_id == aid)
            )
            == 4
        )
        assert s.scalar(select(func.count(Beschikking.id))) == 0
    counts = budget.status_counts(world.db, world.schooljaar_id)
    assert counts[Status.TER_BESLUITVORMING] == 1 and counts[Status.CONCEPT] == 0


def _versie(world, aid):
    """The version a form would load now."""
    return aanvragen.get_aanvraag(world.db, world.contactpersoon, aid).data.versie


def test_ter_besluitvorming_fixed_except_through_a_return(world):
    leerling = world.add_leerling("400090")
    aid = world.ready_for_besluit(world.individual(leerling, 300_000))
    with pytest.raises(StateError, match="teruggestuurd naar de contactpersoon"):
        aanvragen.update_aanvraag(
            world.db,
            world.contactpersoon,
            aid,
            world.individual(leerling, 350_000, versie=_versie(world, aid)),
        )
    with pytest.raises(ValidationError):
        stappen.return_to_contactpersoon(
            world.db, world.directeur, aid, reden="  ", versie=aanvraag_versie(world.db, aid)
        )
    stappen.return_to_contactpersoon(
        world.db, world.directeur, aid, reden="Onderbouwing.", versie=aanvraag_versie(world.db, aid)
    )
    with pytest.raises(StateError, match="terugsturen"):
        stappen.return_to_contactpersoon(
            world.db, world.directeur, aid, reden="Nogmaals.", versie=aanvraag_versie(world.db, aid)
        )
    aanvragen.update_aanvraag(
        world.db,
        world.contactpersoon,
        aid,
        world.individual(leerling, 350_000, versie=_versie(world, aid)),
    )
    detail = aanvragen.get_aanvraag(world.db, world.contactpersoon, aid)
    assert detail.status is Status.BESPROKEN and detail.data.aangevraagd_cents == 350_000
    assert any(step.toelichting == "Onderbouwing." for step in detail.geschiedenis)
