"""A small fictional world for the letter and report tests, inserted with the ORM directly:
settings, one account per role, two boards with three schools, pupils, and one aanvraag per kind
of letter (individual award, group award for 12 pupils, partial award, refusal) with its decision
and beschikking, plus outcomes, progress talks and a budget note."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import date
from datetime import datetime

from sqlalchemy.orm import Session

from swv_desktop.db import Database
from swv_desktop.models import Aanvraag
from swv_desktop.models import Beoordeling
from swv_desktop.models import Beschikking
from swv_desktop.models import Besluit
from swv_desktop.models import BudgetNotitie
from swv_desktop.models import Doel
from swv_desktop.models import Gebruiker
from swv_desktop.models import Instroomroute
from swv_desktop.models import Leerling
from swv_desktop.models import LeerlingResultaat
from swv_desktop.models import LeerlingUitkomst
from swv_desktop.models import Organisatie
from swv_desktop.models import Rol
from swv_desktop.models import School
from swv_desktop.models import Schoolbestuur
from swv_desktop.models import Schooljaar
from swv_desktop.models import Soort
from swv_desktop.models import Status
from swv_desktop.models import Uitkomst
from swv_desktop.models import Voortgangsgesprek
from swv_desktop.models import VsoBetrokkenheid
from swv_desktop.services.auth import actor_for
from swv_desktop.services.beschikkingen.voorbeeld import beschikking_voor
from swv_desktop.services.beschikkingen.voorbeeld import groepsplan_met_trainer
from swv_desktop.services.beschikkingen.voorbeeld import leerling_met_opp
from swv_desktop.services.beschikkingen.voorbeeld import schooljaar_2021_2022
from swv_desktop.services.beschikkingen.voorbeeld import voorwaarden_voldaan
from swv_desktop.services.common import Actor

NOW = datetime(2021, 10, 4, 9, 30, tzinfo=UTC)

NAMES = [
    ("Daan", "", "Jansen"),
    ("Emma", "de", "Vries"),
    ("Liam", "", "Bakker"),
    ("Sophie", "van", "Dijk"),
    ("Noah", "", "Smeets"),
    ("Julia", "van der", "Linden"),
    ("Finn", "", "Peters"),
    ("Tess", "", "Willems"),
    ("Sem", "", "Hendriks"),
    ("Lotte", "", "Claessens"),
    ("Levi", "", "Maas"),
    ("Saar", "", "Kuipers"),
    ("Mila", "", "Hoeben"),
    ("Luuk", "", "Vos"),
    ("Nina", "van", "Rijn"),
]


@dataclass
class World:
    """Ids of what the tests refer to."""

    actors: dict[Rol, Actor] = field(default_factory=dict)
    jaar_id: int = 0
    jaar2_id: int = 0
    beschikkingen: dict[str, int] = field(default_factory=dict)
    besluiten: dict[str, int] = field(default_factory=dict)
    leerlingen: list[int] = field(default_factory=list)


def _user(session: Session, username: str, name: str, rol: Rol) -> Gebruiker:
    user = Gebruiker(
        gebruikersnaam=username,
        volledige_naam=name,
        rol=rol,
        wachtwoord_hash="x",
        actief=True,
        aangemaakt_op=NOW,
    )
    session.add(user)
    return user


def _leerling(session: Session, index: int, school: School) -> Leerling:
    leerling = leerling_met_opp(
        f"L{2021000 + index}",
        NAMES[index],
        school,
        NOW,
        geboortedatum=date(2008, 1 + index % 12, 3),
        niveau=("vmbo-gt", "havo", "vmbo-kb")[index % 3],
        leerjaar=1 + index % 3,
        instroomroute=(
            Instroomroute.ONDERINSTROOM
            if index % 5 == 1
            else Instroomroute.OVERSTAP_VSO
            if index % 5 == 3
            else Instroomroute.REGULIER_VO
        ),
        inzet="Training sociale vaardigheden",
    )
    session.add(leerling)
    return leerling


def _aanvraag(
    session: Session,
    nummer: str,
    jaar: Schooljaar,
    school: School,
    contact: Gebruiker,
    cents: int,
    *,
    leerling: Leerling | None = None,
    doel: Doel = Doel.SOCIAAL_EMOTIONEEL,
    vso: VsoBetrokkenheid = VsoBetrokkenheid.GEEN,
    vso_school: str = "",
    status: Status = Status.TER_BESLUITVORMING,
) -> Aanvraag:
    aanvraag = Aanvraag(
        nummer=nummer,
        soort=Soort.INDIVIDUEEL if leerling is not None else Soort.GROEP,
        schooljaar=jaar,
        school=school,
        contactpersoon=contact,
        leerling=leerling,
        aangevraagd_cents=cents,
        doel=doel,
        aanvraagdatum=date(2021, 9, 13),
        status=status,
        vso_betrokkenheid=vso,
        vso_school=vso_school,
        besproken_op=date(2021, 9, 10),
        aangemaakt_op=NOW,
    )
    aanvraag.voorwaarden = voorwaarden_voldaan(date(2021, 9, 10), "Besproken op school.")
    session.add(aanvraag)
    return aanvraag


def _decide(
    session: Session,
    aanvraag: Aanvraag,
    pd: Gebruiker,
    uitkomst: Uitkomst,
    cents: int,
    volgnummer: int,
    motivering: str,
) -> tuple[Besluit, Beschikking]:
    aanvraag.status = uitkomst.status
    beschikking = beschikking_voor(
        aanvraag,
        uitkomst,
        cents,
        motivering=motivering,
        door=pd,
        op=NOW,
        periode=(date(2021, 10, 4), date(2022, 7, 31)),
        volgnummer=volgnummer,
        kenmerk=f"MWB-2021-{volgnummer:03d}",
        briefdatum=NOW.date(),
    )
    session.add_all([beschikking.besluit, beschikking])
    return beschikking.besluit, beschikking


def build_world(db: Database) -> World:
    """Insert the world and return the ids the tests use."""
    world = World()
    with db.transaction() as session:
        session.add(
            Organisatie(
                naam="Samenwerkingsverband VO Zuiderlicht",
                adres="Stationsplein 12",
                postcode="6221 BT",
                plaats="Maastricht",
                telefoon="043 123 45 67",
                email="bureau@swv-zuiderlicht.example",
                website="www.swv-zuiderlicht.example",
                programmadirecteur_naam="Petra Directeur",
                mandaatbesluit_op=date(2021, 9, 1),
                rekening_iban="NL56TEST0312457896",
                rekening_tenaamstelling="Stichting SWV VO Zuiderlicht",
            )
        )
        users = {
            Rol.PROGRAMMADIRECTEUR: _user(session, "pd", "Petra Directeur", Rol.PROGRAMMADIRECTEUR),
            Rol.CONTACTPERSOON: _user(session, "cp", "Anouk Contact", Rol.CONTACTPERSOON),
            Rol.SECRETARIAAT: _user(session, "sec", "Sanne Secretariaat", Rol.SECRETARIAAT),
            Rol.BEHEERDER: _user(session, "beheer", "Bas Beheer", Rol.BEHEERDER),
        }
        jaar = schooljaar_2021_2022()
        jaar2 = Schooljaar(
            label="2022-2023", start_datum=date(2022, 8, 1), eind_datum=date(2023, 7, 31)
        )
        b1 = Schoolbestuur(
            naam="Stichting VO Heuvelland",
            bevoegd_gezag_nummer="41001",
            iban="NL62TEST0000001000",
            adres="Postbus 10",
            postcode="6200 AA",
            plaats="Maastricht",
        )
        b2 = Schoolbestuur(
            naam="Stichting Maasdal Onderwijs",
            bevoegd_gezag_nummer="41002",
            adres="Maasboulevard 5",
            postcode="6211 AB",
            plaats="Maastricht",
        )
        s1 = School(
            naam="Heuvelland College",
            brin="12AB",
            vestigingsnummer="12AB00",
            adres="Oranjeplein 4",
            postcode="6224 KN",
            plaats="Maastricht",
            ondersteuningscoordinator="mevrouw J. Peeters",
            bestuur=b1,
            contactpersoon=users[Rol.CONTACTPERSOON],
        )
        s2 = School(
            naam="Maasdal Lyceum", brin="34CD", vestigingsnummer="34CD01", adres="", bestuur=b2
        )
        s3 = School(
            naam="Heuvelland Mavo",
            brin="12AB",
            vestigingsnummer="12AB01",
            adres="Kerkstraat 1",
            postcode="6231 AA",
            plaats="Meerssen",
            ondersteuningscoordinator="de heer R. Lemmens",
            bestuur=b1,
        )
        # a board and school that never applied
        b3 = Schoolbestuur(naam="Stichting Geuldal", bevoegd_gezag_nummer="41003")
        s4 = School(naam="Geuldal College", brin="14CD", vestigingsnummer="14CD00", bestuur=b3)
        session.add_all([jaar, jaar2, b1, b2, b3, s1, s2, s3, s4])
        leerlingen = [_leerling(session, i, s1 if i < 12 else s2) for i in range(len(NAMES))]
        pd, cp = users[Rol.PROGRAMMADIRECTEUR], users[Rol.CONTACTPERSOON]

        ind = _aanvraag(
            session,
            "A-2021-001",
            jaar,
            s1,
            cp,
            750_000,
            leerling=leerlingen[12],
            vso=VsoBetrokkenheid.EXPERTISE,
            vso_school="VSO De Berg",
        )
        groep = _aanvraag(
            session,
            "A-2021-002",
            jaar,
            s1,
            cp,
            3_600_000,
            doel=Doel.LEERVOORWAARDEN,
            vso=VsoBetrokkenheid.CONSULTATIE,
            vso_school="VSO De Berg",
        )
        groep.groepsplan = groepsplan_met_trainer(
            "Wekelijkse training executieve functies",
            "Zelfstandig plannen",
            "Observatie bij start en einde",
            (date(2021, 10, 4), date(2022, 7, 31)),
            leerlingen[:12],
            3_600_000,
        )
        deel = _aanvraag(session, "A-2021-003", jaar, s2, cp, 800_000, leerling=leerlingen[13])
        afw = _aanvraag(
            session,
            "A-2021-004",
            jaar,
            s3,
            cp,
            500_000,
            leerling=leerlingen[14],
            doel=Doel.DIDACTISCH,
        )
        _aanvraag(
            session,
            "A-2021-005",
            jaar,
            s3,
            cp,
            200_000,
            leerling=leerlingen[0],
            status=Status.INGEDIEND,
        )
        session.flush()

        kinds = {}
        kinds["individueel"] = _decide(
            session, ind, pd, Uitkomst.TOEGEKEND, 750_000, 1, "De aanvraag past binnen de regeling."
        )
        kinds["groep"] = _decide(
            session, groep, pd, Uitkomst.TOEGEKEND, 3_600_000, 2, "Het plan van aanpak is volledig."
        )
        kinds["gedeeltelijk"] = _decide(
            session,
            deel,
            pd,
            Uitkomst.GEDEELTELIJK,
            500_000,
            3,
            "Een deel van de kosten betreft didactische ondersteuning.",
        )
        kinds["afwijzing"] = _decide(
            session,
            afw,
            pd,
            Uitkomst.AFGEWEZEN,
            0,
            4,
            "De ondersteuning is didactisch en valt buiten de regeling.",
        )
        for p in (leerlingen[12], leerlingen[13], *leerlingen[:3]):
            session.add(
                LeerlingUitkomst(
                    leerling=p,
                    schooljaar=jaar,
                    resultaat=LeerlingResultaat.REGULIER_VO,
                    voortgang=Beoordeling.GOED,
                    vastgelegd_op=NOW,
                )
            )
        session.add(
            LeerlingUitkomst(
                leerling=leerlingen[3],
                schooljaar=jaar,
                resultaat=LeerlingResultaat.VERWEZEN_VSO,
                voortgang=Beoordeling.ONVOLDOENDE,
                vastgelegd_op=NOW,
            )
        )
        session.add(
            Voortgangsgesprek(
                aanvraag=ind,
                datum=date(2021, 12, 20),
                deelnemers="mentor",
                notities="Gaat goed",
                beoordeling=Beoordeling.VOLDOENDE,
                volgende_op=date(2022, 3, 20),
                gevoerd_door=cp,
                vastgelegd_op=NOW,
            )
        )
        session.flush()
        session.add(
            BudgetNotitie(
                schooljaar_id=jaar.id,
                besluit_id=kinds["groep"][0].id,
                overschrijding_cents=120_000,
                reden="Urgente groepsaanpak",
                aangemaakt_op=NOW,
                aangemaakt_door_id=pd.id,
                bestuur_geinformeerd_op=date(2021, 10, 12),
                wat_gemeld="Per brief gemeld.",
            )
        )
        session.flush()
        world.jaar_id, world.jaar2_id = jaar.id, jaar2.id
        world.leerlingen = [p.id for p in leerlingen]
        for key, (besluit, beschikking) in kinds.items():
            world.besluiten[key] = besluit.id
            world.beschikkingen[key] = beschikking.id
        for rol, user in users.items():
            world.actors[rol] = actor_for(user)
    return world


def add_herziening(
    db: Database,
    world: World,
    *,
    cents: int = 600_000,
    uitkomst: Uitkomst = Uitkomst.GEDEELTELIJK,
    periode_eind: date | None = None,
) -> int:
    """Revise the individual award (after its letter was issued): a new Besluit pointing at the
    old one, with its own beschikking. Returns the new beschikking id."""
    with db.transaction() as session:
        old = session.get(Besluit, world.besluiten["individueel"])
        assert old is not None
        pd = session.get(Gebruiker, world.actors[Rol.PROGRAMMADIRECTEUR].id)
        beschikking = beschikking_voor(
            old.aanvraag,
            uitkomst,
            cents,
            motivering="Herziening: een deel van de ondersteuning wordt al uit de extra "
            "ondersteuning bekostigd.",
            door=pd,
            op=datetime(2021, 11, 15, 10, 0, tzinfo=UTC),
            periode=(old.periode_start, periode_eind or old.periode_eind),
            volgnummer=5,
            kenmerk="MWB-2021-005",
            briefdatum=date(2021, 11, 15),
            herziening_van=old,
        )
        besluit = beschikking.besluit
        session.add_all([besluit, beschikking])
        session.flush()
        world.besluiten["herziening"] = besluit.id
        world.beschikkingen["herziening"] = beschikking.id
        return beschikking.id


def give_password(db: Database, username: str, password: str) -> None:
    """Let ``username`` sign in with ``password`` as a batch command does: her key slot on an
    encrypted SQLite file, her account's password hash on PostgreSQL."""
    from sqlalchemy import update

    from swv_desktop.services import sleutels
    from swv_desktop.services.auth import hash_password

    sleutels.store_slot(db, username, password)
    with db.transaction() as session:
        session.execute(
            update(Gebruiker)
            .where(Gebruiker.gebruikersnaam == username)
            .values(wachtwoord_hash=hash_password(password))
        )
