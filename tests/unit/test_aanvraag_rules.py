"""The regulation's rules for applications, each at its boundary."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func
from sqlalchemy import select

from swv_desktop.errors import PermissionDenied
from swv_desktop.errors import ValidationError
from swv_desktop.models import Aanvraag
from swv_desktop.models import AuditEntry
from swv_desktop.models import Doel
from swv_desktop.models import KostenSoort
from swv_desktop.models import Status
from swv_desktop.models import VsoBetrokkenheid
from swv_desktop.services.aanvragen import use_cases as aanvragen
from swv_desktop.services.aanvragen.regels import KostenregelInput


def _messages(exc: pytest.ExceptionInfo[ValidationError], field: str) -> list[str]:
    return [e.message for e in exc.value.errors if e.field == field]


def test_individual_at_cap_is_accepted(world):
    leerling = world.add_leerling("200001")
    aid = aanvragen.create_aanvraag(
        world.db, world.contactpersoon, world.individual(leerling, 800_000)
    )
    detail = aanvragen.get_aanvraag(world.db, world.contactpersoon, aid)
    assert detail.data.aangevraagd_cents == 800_000
    assert detail.status is Status.CONCEPT
    assert detail.nummer == "A2021-001"


def test_individual_one_cent_over_cap_is_refused_in_dutch(world):
    leerling = world.add_leerling("200002")
    with pytest.raises(ValidationError) as exc:
        aanvragen.create_aanvraag(
            world.db, world.contactpersoon, world.individual(leerling, 800_001)
        )
    assert exc.value.fields == {"aangevraagd_cents"}
    assert "€ 8.000,01" in str(exc.value) and "€ 8.000,00" in str(exc.value)


def test_zero_amount_is_refused(world):
    leerling = world.add_leerling("200003")
    with pytest.raises(ValidationError) as exc:
        aanvragen.create_aanvraag(world.db, world.contactpersoon, world.individual(leerling, 0))
    assert "groter zijn dan € 0,00" in _messages(exc, "aangevraagd_cents")[0]


def test_didactic_purpose_is_refused(world):
    leerling = world.add_leerling("200004")
    with pytest.raises(ValidationError) as exc:
        aanvragen.create_aanvraag(
            world.db,
            world.contactpersoon,
            world.individual(leerling, 300_000, doel=Doel.DIDACTISCH),
        )
    assert "Didactische ondersteuning" in _messages(exc, "doel")[0]


def test_leerling_from_other_school_is_refused(world):
    leerling = world.add_leerling("200005", school_id=world.andere_school_id)
    with pytest.raises(ValidationError) as exc:
        aanvragen.create_aanvraag(
            world.db, world.contactpersoon, world.individual(leerling, 100_000)
        )
    assert exc.value.fields == {"leerling_id"}


def test_vso_involvement_needs_the_vso_school(world):
    leerling = world.add_leerling("200006")
    data = world.individual(leerling, 100_000, vso_betrokkenheid=VsoBetrokkenheid.EXPERTISE)
    with pytest.raises(ValidationError) as exc:
        aanvragen.create_aanvraag(world.db, world.contactpersoon, data)
    assert exc.value.fields == {"vso_school"}


def test_refused_create_changes_nothing(world):
    leerling = world.add_leerling("200007")
    with world.db.read() as s:
        audits = s.scalar(select(func.count(AuditEntry.id)))
    with pytest.raises(ValidationError):
        aanvragen.create_aanvraag(
            world.db, world.contactpersoon, world.individual(leerling, 900_000)
        )
    with world.db.read() as s:
        assert s.scalar(select(func.count(Aanvraag.id))) == 0
        assert s.scalar(select(func.count(AuditEntry.id))) == audits


def test_secretariaat_may_not_record_applications(world):
    leerling = world.add_leerling("200008")
    with pytest.raises(PermissionDenied, match="voorbehouden aan de contactpersoon"):
        aanvragen.create_aanvraag(world.db, world.secretariaat, world.individual(leerling, 100_000))


def test_group_of_four_is_refused_and_five_accepted(world):
    leerlingen = [world.add_leerling(f"30000{i}") for i in range(5)]
    with pytest.raises(ValidationError) as exc:
        aanvragen.create_aanvraag(world.db, world.contactpersoon, world.group(leerlingen[:4]))
    assert "minstens 5 leerlingen" in _messages(exc, "leerling_ids")[0]
    aid = aanvragen.create_aanvraag(world.db, world.contactpersoon, world.group(leerlingen))
    detail = aanvragen.get_aanvraag(world.db, world.contactpersoon, aid)
    assert len(detail.data.groepsplan.leerling_ids) == 5
    assert detail.data.aangevraagd_cents == 2_000_000


def test_group_counts_distinct_leerlingen(world):
    leerlingen = [world.add_leerling(f"30001{i}") for i in range(4)]
    with pytest.raises(ValidationError):
        aanvragen.create_aanvraag(
            world.db, world.contactpersoon, world.group([*leerlingen, leerlingen[0]])
        )


@pytest.mark.parametrize(("cents", "ok"), [(4_000_000, True), (4_000_001, False)])
def test_group_cap_boundary(world, cents, ok):
    leerlingen = [world.add_leerling(f"30002{i}") for i in range(5)]
    lines = [
        KostenregelInput("Ambulant begeleider", KostenSoort.ONDERSTEUNING, cents - 1_000_000),
        KostenregelInput("Trainingsmateriaal", KostenSoort.ONDERSTEUNING, 1_000_000),
    ]
    if ok:
        aanvragen.create_aanvraag(world.db, world.contactpersoon, world.group(leerlingen, lines))
    else:
        with pytest.raises(ValidationError) as exc:
            aanvragen.create_aanvraag(
                world.db, world.contactpersoon, world.group(leerlingen, lines)
            )
        assert "€ 40.000,01" in _messages(exc, "kostenregels")[0]


def test_development_time_is_refused(world):
    leerlingen = [world.add_leerling(f"30003{i}") for i in range(5)]
    lines = [
        KostenregelInput("Begeleiding", KostenSoort.ONDERSTEUNING, 1_000_000),
        KostenregelInput("Lesmateriaal ontwikkelen", KostenSoort.ONTWIKKELTIJD, 300_000),
    ]
    with pytest.raises(ValidationError) as exc:
        aanvragen.create_aanvraag(world.db, world.contactpersoon, world.group(leerlingen, lines))
    assert "ontwikkeltijd" in _messages(exc, "kostenregels")[0]


def test_group_plan_needs_all_five_parts(world):
    leerlingen = [world.add_leerling(f"30004{i}") for i in range(5)]
    data = world.group(leerlingen)
    data.groepsplan.ondersteuning = ""
    data.groepsplan.doelen = " "
    data.groepsplan.evaluatiewijze = ""
    data.groepsplan.periode_eind = None
    data.groepsplan.kostenregels = []
    with pytest.raises(ValidationError) as exc:
        aanvragen.create_aanvraag(world.db, world.contactpersoon, data)
    assert {
        "ondersteuning",
        "doelen",
        "evaluatiewijze",
        "periode",
        "kostenregels",
    } <= exc.value.fields


def test_group_period_must_lie_inside_the_schooljaar(world):
    leerlingen = [world.add_leerling(f"30005{i}") for i in range(5)]
    data = world.group(leerlingen)
    data.groepsplan.periode_eind = date(2022, 8, 1)
    with pytest.raises(ValidationError) as exc:
        aanvragen.create_aanvraag(world.db, world.contactpersoon, data)
    assert "31 juli 2022" in _messages(exc, "periode")[0]
