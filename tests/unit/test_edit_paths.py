"""The edit paths: changing an aanvraag (soort and schooljaar stay fixed), deciding a group
application, editing a pupil and a school, changing a password, a plan that ends before it
starts. Each refusal changes nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from loaded import save_account
from sqlalchemy import func
from sqlalchemy import select

from swv_desktop.errors import AuthenticationFailed
from swv_desktop.errors import ValidationError
from swv_desktop.models import AuditEntry
from swv_desktop.models import Besluit
from swv_desktop.models import KostenSoort
from swv_desktop.models import Schooljaar
from swv_desktop.models import Soort
from swv_desktop.models import Uitkomst
from swv_desktop.services import auth
from swv_desktop.services import leerlingen
from swv_desktop.services import scholen
from swv_desktop.services.aanvragen import use_cases as aanvragen
from swv_desktop.services.aanvragen.regels import KostenregelInput


def _audits(world: Any, entiteit: str, entiteit_id: int, actie: str) -> int:
    with world.db.read() as s:
        return int(
            s.scalar(
                select(func.count(AuditEntry.id)).where(
                    AuditEntry.entiteit == entiteit,
                    AuditEntry.entiteit_id == entiteit_id,
                    AuditEntry.actie == actie,
                )
            )
            or 0
        )


def test_update_aanvraag_changes_an_open_one_but_not_its_soort_or_schooljaar(world: Any) -> None:
    leerling = world.add_leerling("500001")
    aid = aanvragen.create_aanvraag(
        world.db, world.contactpersoon, world.individual(leerling, 300_000)
    )
    loaded = aanvragen.get_aanvraag(world.db, world.contactpersoon, aid).data.versie
    changed = replace(
        world.individual(leerling, 450_000, omschrijving="Coaching en weerbaarheidstraining"),
        versie=loaded,
    )
    aanvragen.update_aanvraag(world.db, world.contactpersoon, aid, changed)
    detail = aanvragen.get_aanvraag(world.db, world.contactpersoon, aid)
    assert detail.data.aangevraagd_cents == 450_000
    assert detail.data.omschrijving == "Coaching en weerbaarheidstraining"
    assert _audits(world, "aanvraag", aid, "gewijzigd") == 1

    with world.db.transaction() as s:
        other_year = Schooljaar(
            label="2022-2023", start_datum=date(2022, 8, 1), eind_datum=date(2023, 7, 31)
        )
        s.add(other_year)
        s.flush()
        other_year_id = other_year.id
    for field, value, message in (
        ("schooljaar_id", other_year_id, "schooljaar van een aanvraag ligt vast"),
        ("soort", Soort.GROEP, "soort aanvraag kan niet worden gewijzigd"),
    ):
        versie = aanvragen.get_aanvraag(world.db, world.contactpersoon, aid).data.versie
        attempt = replace(world.individual(leerling, 200_000, **{field: value}), versie=versie)
        with pytest.raises(ValidationError, match=message):
            aanvragen.update_aanvraag(world.db, world.contactpersoon, aid, attempt)
    detail = aanvragen.get_aanvraag(world.db, world.contactpersoon, aid)
    assert detail.data.aangevraagd_cents == 450_000
    assert detail.data.soort is Soort.INDIVIDUEEL
    assert detail.data.schooljaar_id == world.schooljaar_id
    assert _audits(world, "aanvraag", aid, "gewijzigd") == 1


def _group(world: Any, cents: int) -> int:
    ids = [world.add_leerling(f"5100{i:02d}") for i in range(5)]
    lines = [KostenregelInput("Orthopedagoog", KostenSoort.ONDERSTEUNING, cents)]
    return world.ready_for_besluit(world.group(ids, lines))


def test_decide_a_group_application_within_the_group_cap_for_the_plans_period(
    world: Any,
) -> None:
    aid = _group(world, 4_000_000)
    with pytest.raises(ValidationError, match="maximum van € 40.000,00 voor een groepsaanpak"):
        world.award(aid, Uitkomst.GEDEELTELIJK, 4_000_001, "Te veel.")
    with world.db.read() as s:
        assert s.scalar(select(func.count(Besluit.id))) == 0
    result = world.award(aid, Uitkomst.TOEGEKEND, 4_000_000, "Past binnen de regeling.")
    with world.db.read() as s:
        besluit = s.get(Besluit, result.besluit_id)
        assert besluit is not None
        assert besluit.toegekend_cents == 4_000_000
        assert (besluit.periode_start, besluit.periode_eind) == (
            date(2021, 10, 1),
            date(2022, 6, 30),
        )


def test_editing_a_pupil_and_a_school_saves_the_change_and_audits_it(world: Any) -> None:
    lid = world.add_leerling("500002")
    data = leerlingen.get_leerling(world.db, world.contactpersoon, lid).data
    leerlingen.save_leerling(
        world.db, world.contactpersoon, replace(data, achternaam="Jansen", leerjaar=3), lid
    )
    saved = leerlingen.get_leerling(world.db, world.contactpersoon, lid).data
    assert (saved.achternaam, saved.leerjaar, saved.leerlingnummer) == ("Jansen", 3, "500002")
    assert _audits(world, "leerling", lid, "gewijzigd") == 1

    school = scholen.get_school(world.db, world.school_id)
    scholen.save_school(
        world.db, world.beheerder, replace(school, plaats="Waalmonde"), world.school_id
    )
    assert scholen.get_school(world.db, world.school_id).plaats == "Waalmonde"
    assert scholen.get_school(world.db, world.school_id).naam == school.naam
    assert _audits(world, "school", world.school_id, "gewijzigd") == 1


def test_changing_a_password_lets_only_the_new_one_in(world: Any) -> None:
    user = world.secretariaat

    def set_password(password: str) -> None:
        loaded = next(u for u in auth.list_users(world.db, world.beheerder) if u.id == user.id)
        save_account(world.db, world.beheerder, loaded, nieuw_wachtwoord=password)

    set_password("het-eerste-wachtwoord-2021")
    assert (
        auth.authenticate(world.db, user.gebruikersnaam, "het-eerste-wachtwoord-2021").id == user.id
    )
    set_password("een-nieuw-wachtwoord-2022")
    assert (
        auth.authenticate(world.db, user.gebruikersnaam, "een-nieuw-wachtwoord-2022").id == user.id
    )
    with pytest.raises(AuthenticationFailed):
        auth.authenticate(world.db, user.gebruikersnaam, "het-eerste-wachtwoord-2021")
    assert _audits(world, "gebruiker", user.id, "gewijzigd") == 2


def test_a_group_plan_that_ends_before_it_starts_is_refused(world: Any) -> None:
    ids = [world.add_leerling(f"5200{i:02d}") for i in range(5)]
    data = world.group(ids)
    assert data.groepsplan is not None
    data.groepsplan.periode_start, data.groepsplan.periode_eind = (
        date(2022, 3, 1),
        date(2022, 2, 28),
    )
    with pytest.raises(ValidationError, match="einde van de periode ligt vóór het begin"):
        aanvragen.create_aanvraag(world.db, world.contactpersoon, data)
    with world.db.read() as s:
        assert (
            s.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.entiteit == "aanvraag"))
            == 0
        )
