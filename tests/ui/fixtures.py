"""Test data for the window tests, built with the ORM directly: an organisation, one account per
role, two boards with three schools, a dozen fictional pupils, applications in several states, a
decision with its beschikking, a progress talk and an open budget note."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import date
from datetime import datetime
from functools import cache

from office import add_users

from swv_desktop.db import Database
from swv_desktop.models import Aanvraag
from swv_desktop.models import Beoordeling
from swv_desktop.models import Beschikking
from swv_desktop.models import Besluit
from swv_desktop.models import BudgetNotitie
from swv_desktop.models import Doel
from swv_desktop.models import Groepsplan
from swv_desktop.models import GroepsplanLeerling
from swv_desktop.models import Leerling
from swv_desktop.models import Opp
from swv_desktop.models import Organisatie
from swv_desktop.models import Rol
from swv_desktop.models import School
from swv_desktop.models import Schoolbestuur
from swv_desktop.models import Schooljaar
from swv_desktop.models import Soort
from swv_desktop.models import Status
from swv_desktop.models import Uitkomst
from swv_desktop.models import Voortgangsgesprek
from swv_desktop.models import VraagSoort
from swv_desktop.models import VsoInzet
from swv_desktop.services.auth import hash_password

PASSWORD = "test-wachtwoord-1"
NOW = datetime(2021, 10, 4, 9, 30, tzinfo=UTC)

USERS = {
    "cp1": ("Anouk Contact", Rol.CONTACTPERSOON),
    "cp2": ("Bram Contact", Rol.CONTACTPERSOON),
    "pd": ("Petra Directeur", Rol.PROGRAMMADIRECTEUR),
    "sec": ("Sanne Secretariaat", Rol.SECRETARIAAT),
    "beheer": ("Bas Beheer", Rol.BEHEERDER),
}

LEERLINGEN = [
    ("Jansen", "Daan", ""),
    ("Vries", "Emma", "de"),
    ("Bakker", "Liam", ""),
    ("Visser", "Julia", ""),
    ("Smit", "Noah", ""),
    ("Meer", "Tess", "van der"),
    ("Mulder", "Sem", ""),
    ("Bos", "Zoë", ""),
    ("Dijk", "Lucas", "van"),
    ("Boer", "Mila", "de"),
    ("Jong", "Finn", "de"),
    ("Berg", "Saar", "van den"),
]


@cache
def _hash() -> str:
    return hash_password(PASSWORD)


@dataclass
class Seed:
    """The ids of what ``populate`` made."""

    users: dict[str, int] = field(default_factory=dict)
    schooljaar_id: int = 0
    schooljaar2_id: int = 0
    schools: list[int] = field(default_factory=list)
    besturen: list[int] = field(default_factory=list)
    leerlingen: list[int] = field(default_factory=list)
    aanvragen: dict[str, int] = field(default_factory=dict)
    beschikking_id: int = 0


def populate(db: Database) -> Seed:
    """Fill an empty migrated database with the fixed test data."""
    seed = Seed()
    users = add_users(db, [(name, rol, full) for name, (full, rol) in USERS.items()], _hash(), NOW)
    with db.transaction() as s:
        s.add(Organisatie(naam="Samenwerkingsverband VO Testregio", plaats="Teststad"))
        j1 = Schooljaar(
            label="2021-2022", start_datum=date(2021, 8, 1), eind_datum=date(2022, 7, 31)
        )
        j2 = Schooljaar(
            label="2022-2023", start_datum=date(2022, 8, 1), eind_datum=date(2023, 7, 31)
        )
        b1 = Schoolbestuur(
            naam="Stichting Voortgezet Onderwijs Noord", bevoegd_gezag_nummer="41000"
        )
        b2 = Schoolbestuur(naam="Vereniging Openbaar VO Zuid", bevoegd_gezag_nummer="42000")
        s.add_all([j1, j2, b1, b2])
        schools = [
            School(
                naam=naam,
                brin=vestiging[:4],
                vestigingsnummer=vestiging,
                bestuur=bestuur,
                contactpersoon_id=users[contact].id,
                plaats=plaats,
            )
            for naam, vestiging, bestuur, contact, plaats in (
                ("Het Noorderlicht College", "01AA00", b1, "cp1", "Noordstad"),
                ("Scholengemeenschap De Brug", "02BB00", b1, "cp2", "Noordstad"),
                ("Zuiderpark Lyceum", "03CC00", b2, "cp1", "Zuidhaven"),
            )
        ]
        s.add_all(schools)
        leerlingen = []
        for i, (achternaam, voornaam, tussen) in enumerate(LEERLINGEN):
            p = Leerling(
                leerlingnummer=f"L{1001 + i}",
                voornaam=voornaam,
                tussenvoegsel=tussen,
                achternaam=achternaam,
                geboortedatum=date(2008 + i % 3, 1 + i % 12, 1 + i),
                school=schools[0] if i < 7 else schools[i % 3],
                niveau="havo" if i % 2 else "vmbo-gt",
                leerjaar=1 + i % 4,
                aangemaakt_op=NOW,
            )
            s.add(p)
            s.add(Opp(leerling=p, versie=1, vastgesteld_op=date(2021, 9, 1), aangemaakt_op=NOW))
            leerlingen.append(p)
        s.flush()

        def aanvraag(
            nr: str,
            status: Status,
            leerling: Leerling | None,
            cents: int,
            cp: str = "cp1",
            school: School | None = None,
        ) -> Aanvraag:
            a = Aanvraag(
                nummer=nr,
                soort=Soort.INDIVIDUEEL if leerling else Soort.GROEP,
                schooljaar=j1,
                school=school or (leerling.school if leerling else schools[0]),
                contactpersoon_id=users[cp].id,
                leerling=leerling,
                aangevraagd_cents=cents,
                doel=Doel.SOCIAAL_EMOTIONEEL,
                aanvraagdatum=date(2021, 9, 15),
                status=status,
                aangemaakt_op=NOW,
            )
            s.add(a)
            return a

        a_award = aanvraag("2021-001", Status.TOEGEKEND, leerlingen[0], 600_000)
        a_wait = aanvraag("2021-002", Status.TER_BESLUITVORMING, leerlingen[1], 500_000)
        a_open = aanvraag("2021-003", Status.INGEDIEND, leerlingen[2], 300_000, cp="cp2")
        a_concept = aanvraag("2021-004", Status.CONCEPT, leerlingen[3], 250_000)
        a_group = aanvraag("2021-005", Status.BESPROKEN, None, 2_500_000)
        plan = Groepsplan(aanvraag=a_group, ondersteuning="Training sociale vaardigheden")
        s.add(plan)
        for p in leerlingen[:5]:
            s.add(GroepsplanLeerling(groepsplan=plan, leerling=p))
        besluit = Besluit(
            aanvraag=a_award,
            uitkomst=Uitkomst.TOEGEKEND,
            toegekend_cents=600_000,
            motivering="Voldoet aan alle voorwaarden.",
            besloten_door_id=users["pd"].id,
            besloten_op=NOW,
            periode_start=date(2021, 10, 1),
            periode_eind=date(2022, 7, 31),
        )
        s.add(besluit)
        s.flush()
        besch = Beschikking(
            besluit=besluit,
            schooljaar_id=j1.id,
            volgnummer=1,
            kenmerk="MWB-2021-001",
            briefdatum=date(2021, 10, 4),
        )
        s.add(besch)
        s.add(
            Voortgangsgesprek(
                aanvraag=a_award,
                datum=date(2021, 6, 1),
                beoordeling=Beoordeling.VOLDOENDE,
                volgende_op=date(2021, 9, 1),
                gevoerd_door_id=users["cp1"].id,
                vastgelegd_op=NOW,
            )
        )
        s.add(
            BudgetNotitie(
                schooljaar_id=j1.id,
                besluit_id=besluit.id,
                overschrijding_cents=120_000,
                reden="Spoedeisende situatie; bestuur wordt geïnformeerd.",
                aangemaakt_op=NOW,
                aangemaakt_door_id=users["pd"].id,
            )
        )
        s.flush()
        seed.users = {k: u.id for k, u in users.items()}
        seed.schooljaar_id, seed.schooljaar2_id = j1.id, j2.id
        seed.schools = [x.id for x in schools]
        seed.besturen = [b1.id, b2.id]
        seed.leerlingen = [p.id for p in leerlingen]
        seed.aanvragen = {
            "toegekend": a_award.id,
            "ter_besluitvorming": a_wait.id,
            "ingediend": a_open.id,
            "concept": a_concept.id,
            "groep": a_group.id,
        }
        seed.beschikking_id = besch.id
        s.add(  # one deployment of VSO expertise, at Anouk's school
            VsoInzet(
                schooljaar_id=j1.id,
                school_id=schools[0].id,
                vso_partner="De Ontdekking (VSO cluster 4)",
                vraag="Hoe brengt het team rust in de overgang tussen de lessen?",
                vraag_soort=VraagSoort.KLASSENMANAGEMENT,
                wat_gedaan="Twee observaties en een teambijeenkomst.",
                uitgevoerd_door="Gedragsspecialist",
                minuten=360,
                startdatum=date(2021, 9, 13),
                einddatum=date(2021, 9, 30),
                opbrengst="Vaste afspraken bij de wissel; het team merkt minder onrust.",
                beoordeling=Beoordeling.GOED,
                vastgelegd_door_id=users["cp1"].id,
                aangemaakt_op=NOW,
            )
        )
    return seed
