"""A fictional sample beschikking (never stored) for previewing edited letter texts."""

from __future__ import annotations

from datetime import UTC, date, datetime

from swv_desktop.models import (
    Aanvraag,
    AanvraagVoorwaarde,
    Beschikking,
    Besluit,
    Doel,
    Gebruiker,
    Groepsplan,
    GroepsplanLeerling,
    Kostenregel,
    KostenSoort,
    Leerling,
    Opp,
    Rol,
    School,
    Schoolbestuur,
    Schooljaar,
    Soort,
    Status,
    Uitkomst,
    Voorwaarde,
)
from swv_desktop.models.organisatie import REGELING_DEFAULTS

_SAMPLE_LEERLINGEN = [
    ("Sanne", "de", "Vries"),
    ("Daan", "", "Janssen"),
    ("Lotte", "van", "Dam"),
    ("Milan", "", "Bakker"),
    ("Noor", "", "Smeets"),
    ("Finn", "van der", "Linden"),
]


def _leerling(index: int, school: School, now: datetime) -> Leerling:
    first, tussen, last = _SAMPLE_LEERLINGEN[index % len(_SAMPLE_LEERLINGEN)]
    leerling = Leerling(
        leerlingnummer=f"V{100001 + index}",
        voornaam=first,
        tussenvoegsel=tussen,
        achternaam=last,
        geboortedatum=date(2009, 3, 1),
        school=school,
        niveau="vmbo-gt",
        leerjaar=2,
        aangemaakt_op=now,
    )
    leerling.opps = [
        Opp(
            versie=1,
            vastgesteld_op=date(2021, 9, 1),
            inzet_maatwerkbudget="Begeleiding sociaal-emotionele vaardigheden",
            aangemaakt_op=now,
        )
    ]
    return leerling


def sample_beschikking(key: str) -> Beschikking:
    """A transient beschikking whose kind fits the letter text ``key`` (afwijzing, groep ...)."""
    now = datetime(2021, 10, 4, 9, 0, tzinfo=UTC)
    jaar = Schooljaar(
        label="2021-2022",
        start_datum=date(2021, 8, 1),
        eind_datum=date(2022, 7, 31),
        **REGELING_DEFAULTS,
        tussenevaluatie_op=date(2022, 7, 1),
        eindevaluatie_op=date(2023, 5, 31),
    )
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
    aanvraag.voorwaarden = [
        AanvraagVoorwaarde(voorwaarde=v, voldaan=True, datum=date(2021, 9, 10), toelichting="")
        for v in Voorwaarde
    ]
    if groep:
        aanvraag.groepsplan = Groepsplan(
            ondersteuning="Wekelijkse training sociale vaardigheden in een vaste groep",
            doelen="Zelfstandig samenwerken in de klas",
            evaluatiewijze="Observatie en vragenlijst bij start en einde",
            periode_start=date(2021, 10, 4),
            periode_eind=date(2022, 7, 15),
            deelnemers=[GroepsplanLeerling(leerling=_leerling(i, school, now)) for i in range(6)],
            kostenregels=[
                Kostenregel(
                    omschrijving="Trainer", soort=KostenSoort.ONDERSTEUNING, bedrag_cents=3_000_000
                )
            ],
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
    besluit = Besluit(
        aanvraag=aanvraag,
        uitkomst=uitkomst,
        toegekend_cents=amount,
        motivering="Voorbeeldmotivering: de aanvraag is getoetst aan de voorwaarden van de regeling.",
        besloten_door=contact,
        besloten_op=now,
        periode_start=date(2021, 10, 4),
        periode_eind=date(2022, 7, 31),
    )
    if key == "herziening":
        earlier = Besluit(
            aanvraag=aanvraag,
            uitkomst=Uitkomst.TOEGEKEND,
            toegekend_cents=amount,
            motivering="",
            besloten_door=contact,
            besloten_op=datetime(2021, 9, 20, 9, 0, tzinfo=UTC),
            periode_start=date(2021, 9, 20),
            periode_eind=date(2022, 7, 31),
        )
        earlier.beschikking = Beschikking(
            schooljaar=jaar, volgnummer=0, kenmerk="MWB-2021-000", briefdatum=date(2021, 9, 20)
        )
        besluit.herziening_van = earlier
    return Beschikking(
        besluit=besluit,
        schooljaar=jaar,
        volgnummer=1,
        kenmerk="VOORBEELD-2021-001",
        briefdatum=date(2021, 10, 4),
    )
