"""The office every service test world starts from, built through the services as a beheerder
and a secretariaat would: accounts (inserted, with a known password hash), the organisation's
settings, one schooljaar with the regulation's defaults, a board and two schools; and the forms
the tests then fill in that office (an aanvraag, an entry of the VSO expertise register)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from datetime import datetime

from swv_desktop.db import Database
from swv_desktop.models import Beoordeling
from swv_desktop.models import Doel
from swv_desktop.models import Gebruiker
from swv_desktop.models import Rol
from swv_desktop.models import Soort
from swv_desktop.models import Voorwaarde
from swv_desktop.models import VraagSoort
from swv_desktop.services import instellingen
from swv_desktop.services import leerlingen
from swv_desktop.services import opp_versies
from swv_desktop.services import scholen
from swv_desktop.services import schooljaren
from swv_desktop.services.aanvragen.regels import AanvraagInput
from swv_desktop.services.aanvragen.regels import VoorwaardeInput
from swv_desktop.services.auth import actor_for
from swv_desktop.services.common import Actor
from swv_desktop.services.vso_expertise import VsoInzetInput


@dataclass(frozen=True)
class Office:
    """The ids the seeded office has."""

    schooljaar_id: int
    bestuur_id: int
    school_a: int  # Het Testcollege, 12AB00
    school_b: int  # Lyceum Elders, 34CD00


def add_users(
    db: Database, users: Iterable[tuple[str, Rol, str]], password_hash: str, now: datetime
) -> dict[str, Actor]:
    """Active accounts (login, role, full name) with ``password_hash``, as sealed actors by login
    (as a sign-in issues them)."""
    actors: dict[str, Actor] = {}
    with db.transaction() as session:
        for login, rol, naam in users:
            user = Gebruiker(
                gebruikersnaam=login,
                volledige_naam=naam,
                rol=rol,
                wachtwoord_hash=password_hash,
                actief=True,
                aangemaakt_op=now,
            )
            session.add(user)
            session.flush()
            actors[login] = actor_for(user)
    return actors


def set_up_office(
    db: Database,
    beheerder: Actor,
    secretariaat: Actor,
    label: str,
    contact_a: Actor,
    contact_b: Actor | None = None,
) -> Office:
    """Settings and schooljaar ``label`` (by the beheerder), a board with school A (contact
    ``contact_a``) and school B (``contact_b``, or none) by the secretariaat."""
    instellingen.update_settings(
        db,
        beheerder,
        instellingen.OrganisatieData(
            naam="Samenwerkingsverband VO Testregio",
            adres="Voorbeeldlaan 1",
            postcode="1234 AB",
            plaats="Teststad",
            programmadirecteur_naam="Dirk Directeur",
        ),
    )
    jaar = schooljaren.save_schooljaar(db, beheerder, label=label, **instellingen.REGELING_DEFAULTS)
    bestuur = scholen.save_bestuur(
        db, secretariaat, scholen.BestuurInput("Stichting Testonderwijs", "41234")
    )
    school_a = scholen.save_school(
        db,
        secretariaat,
        scholen.SchoolInput(
            "Het Testcollege", "12AB", "12AB00", bestuur, contactpersoon_id=contact_a.id
        ),
    )
    school_b = scholen.save_school(
        db,
        secretariaat,
        scholen.SchoolInput(
            "Lyceum Elders",
            "34CD",
            "34CD00",
            bestuur,
            contactpersoon_id=contact_b.id if contact_b is not None else None,
        ),
    )
    return Office(jaar.id, bestuur, school_a, school_b)


def add_pupil(
    db: Database, actor: Actor, nummer: str, school_id: int, *, born: date, opp_on: date | None
) -> int:
    """Pupil ``nummer`` (Testa Leerling<nummer>, vmbo-gt/havo year 2) at ``school_id`` by its
    contactpersoon ``actor``, with a first OPP of ``opp_on`` unless that is None; its id."""
    lid = leerlingen.save_leerling(
        db,
        actor,
        leerlingen.LeerlingInput(
            leerlingnummer=nummer,
            voornaam="Testa",
            achternaam=f"Leerling{nummer}",
            geboortedatum=born,
            school_id=school_id,
            niveau="vmbo-gt/havo",
            leerjaar=2,
        ),
    )
    if opp_on is not None:
        add_opp(
            db,
            actor,
            lid,
            opp_on,
            "Training sociale vaardigheden en coaching op planning.",
            vorige_versie=0,
        )
    return lid


def add_opp(
    db: Database,
    actor: Actor,
    leerling_id: int,
    on: date,
    inzet: str,
    *,
    vorige_versie: int,
    uitstroomprofiel: str = "havo",
    **fields: object,
) -> int:
    """OPP version ``vorige_versie + 1`` of ``on`` by ``actor``, stating ``inzet`` as the use of
    the budget; ``fields`` the form's other fields (belemmerende_factoren ...); its id."""
    data = opp_versies.OppInput(
        vastgesteld_op=on,
        uitstroomprofiel=uitstroomprofiel,
        inzet_maatwerkbudget=inzet,
        **fields,  # type: ignore[arg-type]  # the form's other fields, by name
    )
    return opp_versies.add_opp_version(db, actor, leerling_id, data, vorige_versie=vorige_versie)


def draft(
    soort: Soort,
    doel: Doel,
    *,
    contactpersoon: Actor,
    schooljaar_id: int,
    school_id: int,
    on: date,
    **fields: object,
) -> AanvraagInput:
    """An aanvraag form of ``on`` with every condition met (that day); ``fields`` the rest
    (amount, pupil, description or group plan)."""
    return AanvraagInput(
        soort=soort,
        schooljaar_id=schooljaar_id,
        school_id=school_id,
        contactpersoon_id=contactpersoon.id,
        doel=doel,
        aanvraagdatum=on,
        voorwaarden=[VoorwaardeInput(v, True, on, "") for v in Voorwaarde],
        **fields,  # type: ignore[arg-type]  # the form's other fields, by name
    )


def vso_inzet(schooljaar_id: int, school_id: int) -> VsoInzetInput:
    """The VSO expertise register's form for ``school_id``: six hours of a VSO behaviour
    specialist on classroom management from 1 October 2021, judged good."""
    return VsoInzetInput(
        schooljaar_id=schooljaar_id,
        school_id=school_id,
        vso_partner="De Ontdekking (VSO cluster 4)",
        vraag="Het team van klas 2 vraagt hoe het rust brengt in de overgang tussen lessen.",
        vraag_soort=VraagSoort.KLASSENMANAGEMENT,
        startdatum=date(2021, 10, 1),
        wat_gedaan="Twee observaties en een teambijeenkomst.",
        uitgevoerd_door="Gedragsspecialist VSO",
        minuten=6 * 60,
        beoordeling=Beoordeling.GOED,
    )
