"""Building the ``BeschikkingData`` of a beschikking from the database (and a fictional sample for
the letter-text preview). Pupils appear by initials and leerlingnummer only.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from swv_desktop import formatting
from swv_desktop.models import (
    Aanvraag,
    Beschikking,
    Besluit,
    Groepsplan,
    GroepsplanLeerling,
    KostenSoort,
    Leerling,
    Organisatie,
    School,
    Soort,
    Uitkomst,
    Voorwaarde,
)
from swv_desktop.reports.beschikking_data import (
    Afzender,
    BeschikkingData,
    BriefSoort,
    Geadresseerde,
    LeerlingRegel,
    Ondertekening,
    Toetsing,
)
from swv_desktop.services.beschikkingen.brieftekst import fill, letter_texts
from swv_desktop.services.voortgang import gesprek_schedule

# Babel formatting is slow and letters repeat the same dates and amounts: cache them per process.
long_date = functools.lru_cache(maxsize=4096)(formatting.long_date)
money = functools.lru_cache(maxsize=4096)(formatting.money)

VERANTWOORDING_TERMIJN_DAGEN = 42
"""The school accounts for the spending within six weeks after the period ends."""

REGELING = "Regeling Pilot Maatwerkbudget (september 2021)"


def join_dates(days: list[date]) -> str:
    """``[d1, d2, d3]`` -> ``4 januari 2022, 4 april 2022 en 4 juli 2022``."""
    parts = [long_date(d) for d in days]
    if not parts:
        return "het einde van de periode"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]


def brief_soort(herziening: bool, uitkomst: Uitkomst, soort: Soort) -> BriefSoort:
    """The kind of letter for a decision."""
    if herziening:
        return BriefSoort.HERZIENING
    if uitkomst is Uitkomst.AFGEWEZEN:
        return BriefSoort.AFWIJZING
    if uitkomst is Uitkomst.GEDEELTELIJK:
        return BriefSoort.GEDEELTELIJK
    return (
        BriefSoort.TOEKENNING_GROEP if soort is Soort.GROEP else BriefSoort.TOEKENNING_INDIVIDUEEL
    )


def _besluit_key(uitkomst: Uitkomst, soort: Soort) -> str:
    if uitkomst is Uitkomst.AFGEWEZEN:
        return "besluit_afwijzing"
    if uitkomst is Uitkomst.GEDEELTELIJK:
        return "besluit_gedeeltelijk"
    return "besluit_toekenning_groep" if soort is Soort.GROEP else "besluit_toekenning_individueel"


def _afzender(org: Organisatie | None) -> Afzender:
    if org is None:
        return Afzender(naam="Samenwerkingsverband")
    return Afzender(
        naam=org.naam,
        adres=org.adres,
        postcode=org.postcode,
        plaats=org.plaats,
        telefoon=org.telefoon,
        email=org.email,
        website=org.website,
        logo_png=org.logo_png,
    )


def _ondertekening(org: Organisatie | None) -> Ondertekening:
    if org is None:
        return Ondertekening(naam="", functie="Programmadirecteur Kwaliteit en beleid")
    return Ondertekening(
        naam=org.programmadirecteur_naam,
        functie=org.programmadirecteur_functie,
        namens=org.namens_bestuur_regel,
    )


def _checks(aanvraag: Aanvraag, max_cents: int, min_leerlingen: int) -> list[Toetsing]:
    recorded = {v.voorwaarde: v for v in aanvraag.voorwaarden}
    checks: list[Toetsing] = []
    for voorwaarde in Voorwaarde:
        row = recorded.get(voorwaarde)
        if row is None:
            checks.append(Toetsing(voorwaarde.label, False, "Niet vastgelegd bij de aanvraag."))
            continue
        note = " ".join(
            part
            for part in (
                f"Vastgesteld op {long_date(row.datum)}." if row.datum else "",
                row.toelichting or "",
            )
            if part.strip()
        )
        checks.append(Toetsing(voorwaarde.label, row.voldaan, note))
    cap_label = "per groepsaanpak" if aanvraag.soort is Soort.GROEP else "per leerling"
    checks.append(
        Toetsing(
            f"Het aangevraagde bedrag blijft binnen het maximum van {money(max_cents)} {cap_label}",
            aanvraag.aangevraagd_cents <= max_cents,
            f"Aangevraagd: {money(aanvraag.aangevraagd_cents)}.",
        )
    )
    plan = aanvraag.groepsplan
    if aanvraag.soort is not Soort.GROEP:
        return checks
    if plan is None:
        checks.append(
            Toetsing("Er is een plan van aanpak", False, "Geen plan van aanpak vastgelegd.")
        )
        return checks
    missing = [
        label
        for label, present in (
            ("leerlingen", bool(plan.deelnemers)),
            ("ondersteuning", bool(plan.ondersteuning.strip())),
            ("doelen", bool(plan.doelen.strip())),
            ("evaluatie", bool(plan.evaluatiewijze.strip())),
            ("periode", plan.periode_start is not None and plan.periode_eind is not None),
            ("kosten", bool(plan.kostenregels)),
        )
        if not present
    ]
    checks.append(
        Toetsing(
            "Het plan van aanpak beschrijft de leerlingen, de ondersteuning, de doelen en de "
            "evaluatie, de periode en de geschatte kosten",
            not missing,
            "Ontbreekt: " + ", ".join(missing) + "." if missing else "Volledig.",
        )
    )
    count = len(plan.deelnemers)
    checks.append(
        Toetsing(
            f"De groepsaanpak is voor minstens {min_leerlingen} leerlingen",
            count >= min_leerlingen,
            f"{count} leerlingen.",
        )
    )
    development = sum(
        k.bedrag_cents for k in plan.kostenregels if k.soort is KostenSoort.ONTWIKKELTIJD
    )
    checks.append(
        Toetsing(
            "Alleen de kosten van de ondersteuning worden aangevraagd, geen ontwikkeltijd",
            development == 0,
            f"Ontwikkeltijd van {money(development)} komt niet voor vergoeding in aanmerking."
            if development
            else "Geen ontwikkeltijd opgevoerd.",
        )
    )
    with_opp = sum(
        1
        for d in plan.deelnemers
        if d.leerling.opps and d.leerling.opps[-1].inzet_maatwerkbudget.strip()
    )
    checks.append(
        Toetsing(
            "De groepsaanpak is opgenomen in het OPP van iedere deelnemende leerling",
            count > 0 and with_opp == count,
            f"{with_opp} van {count} OPP's vermelden de inzet.",
        )
    )
    return checks


def build_data(session: Session, beschikking: Beschikking) -> BeschikkingData:
    """Everything the letter of ``beschikking`` shows, read from the database."""
    org = session.scalars(select(Organisatie)).first()
    return data_for(beschikking, org, letter_texts(session))


def data_for(
    beschikking: Beschikking, org: Organisatie | None, texts: dict[str, str]
) -> BeschikkingData:
    """The letter data of a beschikking (persistent or a transient sample) with these texts."""
    besluit = beschikking.besluit
    aanvraag = besluit.aanvraag
    jaar = aanvraag.schooljaar
    school = aanvraag.school
    bestuur = school.bestuur
    groep = aanvraag.soort is Soort.GROEP
    if groep and aanvraag.groepsplan is not None:
        leerlingen = [d.leerling for d in aanvraag.groepsplan.deelnemers]
    else:
        leerlingen = [aanvraag.leerling] if aanvraag.leerling is not None else []
    toegekend = besluit.uitkomst is not Uitkomst.AFGEWEZEN
    award_day = besluit.besloten_op.date()
    due = (
        gesprek_schedule(award_day, besluit.periode_eind, jaar.voortgang_interval_maanden)
        if toegekend
        else []
    )
    oud = besluit.herziening_van.beschikking if besluit.herziening_van is not None else None
    contact = aanvraag.contactpersoon.volledige_naam
    values = {
        "organisatie": org.naam if org else "",
        "bestuur": bestuur.naam,
        "school": school.naam,
        "schooljaar": jaar.label,
        "aanvraagnummer": aanvraag.nummer,
        "aanvraagdatum": long_date(aanvraag.aanvraagdatum),
        "kenmerk": beschikking.kenmerk,
        "briefdatum": long_date(beschikking.briefdatum),
        "bedrag": money(besluit.toegekend_cents),
        "aangevraagd_bedrag": money(aanvraag.aangevraagd_cents),
        "periode_start": long_date(besluit.periode_start),
        "periode_eind": long_date(besluit.periode_eind),
        "aantal_leerlingen": str(len(leerlingen)),
        "contactpersoon": contact,
        "doel": aanvraag.doel.label.lower(),
        "interval_maanden": str(jaar.voortgang_interval_maanden),
        "voortgangsdata": join_dates(due),
        "tussenevaluatie": long_date(jaar.tussenevaluatie_op)
        or f"aan het eind van schooljaar {jaar.label}",
        "eindevaluatie": long_date(jaar.eindevaluatie_op) or "na afloop van de pilot",
        "verantwoording_uiterlijk": long_date(
            besluit.periode_eind + timedelta(days=VERANTWOORDING_TERMIJN_DAGEN)
        ),
        "oud_kenmerk": oud.kenmerk if oud else "",
        "oud_briefdatum": long_date(oud.briefdatum) if oud else "",
        "programmadirecteur": org.programmadirecteur_naam if org else "",
    }
    soort = brief_soort(
        oud is not None or besluit.herziening_van_id is not None, besluit.uitkomst, aanvraag.soort
    )
    besluit_tekst = fill(texts[_besluit_key(besluit.uitkomst, aanvraag.soort)], values)
    if soort is BriefSoort.HERZIENING:
        besluit_tekst = fill(texts["herziening"], values) + "\n\n" + besluit_tekst
    conditions: list[str] = []
    if toegekend:
        keys = [
            "voorwaarde_voortgang",
            "voorwaarde_opp_groep" if groep else "voorwaarde_opp_individueel",
            "voorwaarde_evaluatie",
            "voorwaarde_verantwoording",
            "voorwaarde_niet_besteed",
        ]
        conditions = [fill(texts[k], values) for k in keys]
    max_cents = jaar.groep_max_cents if groep else jaar.individueel_max_cents
    bijlagen = [REGELING]
    if groep:
        bijlagen.append(f"Plan van aanpak bij aanvraag {aanvraag.nummer} (zoals ingediend)")
    return BeschikkingData(
        soort=soort,
        kenmerk=beschikking.kenmerk,
        briefdatum=beschikking.briefdatum,
        schooljaar=jaar.label,
        afzender=_afzender(org),
        geadresseerde=Geadresseerde(
            bestuur=bestuur.naam,
            school=school.naam,
            tav=school.ondersteuningscoordinator,
            adres=school.adres or bestuur.adres,
            postcode=school.postcode if school.adres else bestuur.postcode,
            plaats=school.plaats if school.adres else bestuur.plaats,
        ),
        aanvraagnummer=aanvraag.nummer,
        aanvraagdatum=aanvraag.aanvraagdatum,
        contactpersoon=contact,
        uitkomst=besluit.uitkomst.label,
        groep=groep,
        aangevraagd_cents=aanvraag.aangevraagd_cents,
        toegekend_cents=besluit.toegekend_cents if toegekend else 0,
        periode_start=besluit.periode_start,
        periode_eind=besluit.periode_eind,
        doel=aanvraag.doel.label,
        ondertekening=_ondertekening(org),
        aanhef=fill(texts["aanhef"], values),
        inleiding=fill(texts["inleiding"], values),
        grondslag=fill(texts["grondslag"], values),
        besluit_tekst=besluit_tekst,
        motivering=besluit.motivering,
        slot=fill(texts["slot"], values),
        rechtsmiddel=org.rechtsmiddel_tekst if org else "",
        leerlingen=tuple(LeerlingRegel(p.initialen, p.leerlingnummer) for p in leerlingen),
        toetsing=tuple(_checks(aanvraag, max_cents, jaar.groep_min_leerlingen)),
        voorwaarden=tuple(conditions),
        voortgang_data=tuple(due),
        afschrift=(f"{contact}, contactpersoon {org.naam if org else ''}".strip(),),
        bijlagen=tuple(bijlagen),
        oud_kenmerk=oud.kenmerk if oud else "",
    )


def pending_for_issue(session: Session, schooljaar_id: int | None = None) -> list[Beschikking]:
    """The beschikkingen not yet issued (of one schooljaar, or all) in kenmerk order, with
    everything their letters show loaded up front (a few queries instead of several per letter)."""
    aanvraag = selectinload(Beschikking.besluit).selectinload(Besluit.aanvraag)
    plan = aanvraag.selectinload(Aanvraag.groepsplan)
    query = (
        select(Beschikking)
        .where(Beschikking.uitgegeven_op.is_(None))
        .options(
            aanvraag.selectinload(Aanvraag.schooljaar),
            aanvraag.selectinload(Aanvraag.school).selectinload(School.bestuur),
            aanvraag.selectinload(Aanvraag.contactpersoon),
            aanvraag.selectinload(Aanvraag.voorwaarden),
            aanvraag.selectinload(Aanvraag.leerling).selectinload(Leerling.opps),
            plan.selectinload(Groepsplan.kostenregels),
            plan.selectinload(Groepsplan.deelnemers)
            .selectinload(GroepsplanLeerling.leerling)
            .selectinload(Leerling.opps),
            selectinload(Beschikking.besluit)
            .selectinload(Besluit.herziening_van)
            .selectinload(Besluit.beschikking),
        )
        .order_by(Beschikking.schooljaar_id, Beschikking.volgnummer)
    )
    if schooljaar_id is not None:
        query = query.where(Beschikking.schooljaar_id == schooljaar_id)
    return list(session.scalars(query).all())


def batch_data(session: Session, beschikkingen: Sequence[Beschikking]) -> list[BeschikkingData]:
    """The letter data of several beschikkingen (settings and letter texts read once)."""
    if not beschikkingen:
        return []
    org = session.scalars(select(Organisatie)).first()
    texts = letter_texts(session)
    return [data_for(beschikking, org, texts) for beschikking in beschikkingen]
