"""A fictional sample beschikking (never stored) for previewing edited letter texts, and the
building blocks of such a fictional world (a pupil with an OPP, the conditions met, a group plan,
a decision with its beschikking) that the test world of the letter tests uses too."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime

from swv_desktop.models import Aanvraag
from swv_desktop.models import AanvraagVoorwaarde
from swv_desktop.models import Beschikking
from swv_desktop.models import Besluit
from swv_desktop.models import Doel
from swv_desktop.models import Gebruiker
from swv_desktop.models import Groepsplan
from swv_desktop.models import GroepsplanLeerling
from swv_desktop.models import Instroomroute
from swv_desktop.models import Kostenregel
from swv_desktop.models import KostenSoort
from swv_desktop.models import Leerling
from swv_desktop.models import Opp
from swv_desktop.models import Rol
from swv_desktop.models import School
from swv_desktop.models import Schoolbestuur
from swv_desktop.models import Schooljaar
from swv_desktop.models import Soort
from swv_desktop.models import Status
from swv_desktop.models import Uitkomst
from swv_desktop.models import Voorwaarde
from swv_desktop.models.organisatie import REGELING_DEFAULTS

_SAMPLE_LEERLINGEN = [
    ("Sanne", "de", "Vries"),
    ("Daan", "", "Janssen"),
    ("Lotte", "van", "Dam"),
    ("Milan", "", "Bakker"),
    ("Noor", "", "Smeets"),
    ("Finn", "van der", "Linden"),
]


def schooljaar_2021_2022() -> Schooljaar:
    """The pilot's first schooljaar with the regulation's figures and its evaluation dates."""
    return Schooljaar(
        label="2021-2022",
        start_datum=date(2021, 8, 1),
        eind_datum=date(2022, 7, 31),
        **REGELING_DEFAULTS,
        tussenevaluatie_op=date(2022, 7, 1),
        eindevaluatie_op=date(2023, 5, 31),
    )


def leerling_met_opp(
    nummer: str,
    naam: tuple[str, str, str],
    school: School,
    now: datetime,
    *,
    geboortedatum: date,
    niveau: str,
    leerjaar: int,
    inzet: str,
    instroomroute: Instroomroute = Instroomroute.REGULIER_VO,
) -> Leerling:
    """A pupil (first name, tussenvoegsel, last name) with a first OPP of 1 September 2021."""
    voornaam, tussenvoegsel, achternaam = naam
    leerling = Leerling(
        leerlingnummer=nummer,
        voornaam=voornaam,
        tussenvoegsel=tussenvoegsel,
        achternaam=achternaam,
        geboortedatum=geboortedatum,
        school=school,
        niveau=niveau,
        leerjaar=leerjaar,
        instroomroute=instroomroute,
        aangemaakt_op=now,
    )
    leerling.opps = [
        Opp(
            versie=1, vastgesteld_op=date(2021, 9, 1), inzet_maatwerkbudget=inzet, aangemaakt_op=now
        )
    ]
    return leerling


def voorwaarden_voldaan(datum: date, toelichting: str = "") -> list[AanvraagVoorwaarde]:
    """Every condition of the regulation, met on ``datum``."""
    return [
        AanvraagVoorwaarde(voorwaarde=v, voldaan=True, datum=datum, toelichting=toelichting)
        for v in Voorwaarde
    ]


def groepsplan_met_trainer(
    ondersteuning: str,
    doelen: str,
    evaluatiewijze: str,
    periode: tuple[date, date],
    leerlingen: list[Leerling],
    cents: int,
) -> Groepsplan:
    """A group plan for ``leerlingen`` whose only cost is a trainer."""
    return Groepsplan(
        ondersteuning=ondersteuning,
        doelen=doelen,
        evaluatiewijze=evaluatiewijze,
        periode_start=periode[0],
        periode_eind=periode[1],
        deelnemers=[GroepsplanLeerling(leerling=leerling) for leerling in leerlingen],
        kostenregels=[
            Kostenregel(omschrijving="Trainer", soort=KostenSoort.ONDERSTEUNING, bedrag_cents=cents)
        ],
    )


def beschikking_voor(
    aanvraag: Aanvraag,
    uitkomst: Uitkomst,
    cents: int,
    *,
    motivering: str,
    door: Gebruiker,
    op: datetime,
    periode: tuple[date, date],
    volgnummer: int,
    kenmerk: str,
    briefdatum: date,
    herziening_van: Besluit | None = None,
) -> Beschikking:
    """A decision on ``aanvraag`` and its beschikking (``beschikking.besluit`` is the decision)."""
    besluit = Besluit(
        aanvraag=aanvraag,
        uitkomst=uitkomst,
        toegekend_cents=cents,
        motivering=motivering,
        besloten_door=door,
        besloten_op=op,
        herziening_van=herziening_van,
        periode_start=periode[0],
        periode_eind=periode[1],
    )
    return Beschikking(
        besluit=besluit,
        schooljaar=aanvraag.schooljaar,
        volgnummer=volgnummer,
        kenmerk=kenmerk,
        briefdatum=briefdatum,
    )


def _leerling(index: int, school: School, now: datetime) -> Leerling:
    return leerling_met_opp(
        f"V{100001 + index}",
        _SAMPLE_LEERLINGEN[index % len(_SAMPLE_LEERLINGEN)],
        school,
        now,
        geboortedatum=date(2009, 3, 1),
        niveau="vmbo-gt",
        leerjaar=2,
        inzet="Begeleiding sociaal-emotionele vaardigheden",
    )


def sample_beschikking(key: str) -> Beschikking:
    """A transient beschikking whose kind fits the letter text ``key`` (afwijzing, groep ...)."""
    now = datetime(2021, 10, 4, 9, 0, tzinfo=UTC)
    jaar = schooljaar_2021_2022()
    bestuur = Schoolbestuur(
        naam="Stichting Voorbeeldscholen VO",
        bevoegd_gezag_nummer="99999",
        iban="NL62TEST0000001000",
        adres="Voorbeeldlaan 1",
        postcode="1234 AB",
        plaats="Voorbeeldstad",
    )
    school = School(
        naam="Voorbeeldcollege",
        brin="99ZZ",
        vestigingsnummer="99ZZ00",
        adres="Schoolstraat 10",
        postcode="1234 CD",
        plaats="Voorbeeldstad",
        # without a person the editable aanhef shows; otherwise "Geachte mevrouw Voorbeeld,"
        ondersteuningscoordinator="" if key == "aanhef" else "mevrouw A. Voorbeeld",
        bestuur=bestuur,
    )
    contact = Gebruiker(
        gebruikersnaam="voorbeeld",
        volledige_naam="Kees Voorbeeld",
        rol=Rol.CONTACTPERSOON,
        wachtwoord_hash="",
        aangemaakt_op=now,
    )
    groep = key in ("besluit_toekenning_groep", "voorwaarde_opp_groep")
    aanvraag = Aanvraag(
        nummer="A-2021-000",
        soort=Soort.GROEP if groep else Soort.INDIVIDUEEL,
        schooljaar=jaar,
        school=school,
        contactpersoon=contact,
        aangevraagd_cents=3_000_000 if groep else 650_000,
        doel=Doel.SOCIAAL_EMOTIONEEL,
        aanvraagdatum=date(2021, 9, 13),
        status=Status.TER_BESLUITVORMING,
        aangemaakt_op=now,
    )
    aanvraag.voorwaarden = voorwaarden_voldaan(date(2021, 9, 10))
    if groep:
        aanvraag.groepsplan = groepsplan_met_trainer(
            "Wekelijkse training sociale vaardigheden in een vaste groep",
            "Zelfstandig samenwerken in de klas",
            "Observatie en vragenlijst bij start en einde",
            (date(2021, 10, 4), date(2022, 7, 15)),
            [_leerling(i, school, now) for i in range(6)],
            3_000_000,
        )
    else:
        aanvraag.leerling = _leerling(0, school, now)
    uitkomst = {
        "besluit_afwijzing": Uitkomst.AFGEWEZEN,
        "besluit_gedeeltelijk": Uitkomst.GEDEELTELIJK,
    }.get(key, Uitkomst.TOEGEKEND)
    amount = {Uitkomst.AFGEWEZEN: 0, Uitkomst.GEDEELTELIJK: 500_000}.get(
        uitkomst, aanvraag.aangevraagd_cents
    )
    beschikking = beschikking_voor(
        aanvraag,
        uitkomst,
        amount,
        motivering="Voorbeeldmotivering: de aanvraag is getoetst aan de voorwaarden van de regeling.",
        door=contact,
        op=now,
        periode=(date(2021, 10, 4), date(2022, 7, 31)),
        volgnummer=1,
        kenmerk="VOORBEELD-2021-001",
        briefdatum=date(2021, 10, 4),
    )
    if key == "herziening":
        earlier = beschikking_voor(
            aanvraag,
            Uitkomst.TOEGEKEND,
            amount,
            motivering="",
            door=contact,
            op=datetime(2021, 9, 20, 9, 0, tzinfo=UTC),
            periode=(date(2021, 9, 20), date(2022, 7, 31)),
            volgnummer=0,
            kenmerk="MWB-2021-000",
            briefdatum=date(2021, 9, 20),
        )
        beschikking.besluit.herziening_van = earlier.besluit
    return beschikking
