"""Building the ``BeschikkingData`` of a beschikking from the database (and a fictional sample for
the letter-text preview). Pupils appear by initials and leerlingnummer only.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm import selectinload

from swv_desktop.formatting import long_date
from swv_desktop.formatting import money
from swv_desktop.models import Aanvraag
from swv_desktop.models import Beschikking
from swv_desktop.models import Besluit
from swv_desktop.models import Groepsplan
from swv_desktop.models import GroepsplanLeerling
from swv_desktop.models import KostenSoort
from swv_desktop.models import Leerling
from swv_desktop.models import Organisatie
from swv_desktop.models import School
from swv_desktop.models import Schooljaar
from swv_desktop.models import Soort
from swv_desktop.models import Uitkomst
from swv_desktop.reports.beschikking_data import Afzender
from swv_desktop.reports.beschikking_data import BeschikkingData
from swv_desktop.reports.beschikking_data import BriefSoort
from swv_desktop.reports.beschikking_data import Geadresseerde
from swv_desktop.reports.beschikking_data import Kostenpost
from swv_desktop.reports.beschikking_data import LeerlingRegel
from swv_desktop.reports.beschikking_data import Ondertekening
from swv_desktop.reports.beschikking_data import PlanVanAanpak
from swv_desktop.services.beschikkingen.brieftekst import fill
from swv_desktop.services.beschikkingen.brieftekst import letter_texts
from swv_desktop.services.beschikkingen.onderdelen import accounting_deadline
from swv_desktop.services.beschikkingen.onderdelen import evaluation_moments
from swv_desktop.services.beschikkingen.onderdelen import interval_words
from swv_desktop.services.beschikkingen.onderdelen import join_dates
from swv_desktop.services.beschikkingen.onderdelen import mandaat
from swv_desktop.services.beschikkingen.onderdelen import namens
from swv_desktop.services.beschikkingen.onderdelen import remedy_clause
from swv_desktop.services.beschikkingen.onderdelen import salutation
from swv_desktop.services.beschikkingen.onderdelen import without_call_name
from swv_desktop.services.beschikkingen.toetsing import checks
from swv_desktop.services.common import plain
from swv_desktop.services.iban import format_iban
from swv_desktop.services.voortgang import gesprek_deadlines

REGELING = "Regeling Pilot Maatwerkbudget (september 2021)"


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
    return plain(Afzender, org)


def _ondertekening(org: Organisatie | None) -> Ondertekening:
    functie = org.programmadirecteur_functie if org else "Programmadirecteur Kwaliteit en beleid"
    return Ondertekening(
        naam=without_call_name(org.programmadirecteur_naam) if org else "",
        functie=functie,
        namens=namens(org),
        mandaat=mandaat(org),
    )


def _geadresseerde(school: School) -> tuple[Geadresseerde, str]:
    """The addressee (board at the school's address, or the board's own) and, when the board's
    own address differs, the copy line for the board."""
    bestuur = school.bestuur
    own = ", ".join(p for p in (bestuur.adres, f"{bestuur.postcode} {bestuur.plaats}".strip()) if p)
    at_school = bool(school.adres.strip())
    to = Geadresseerde(
        bestuur=bestuur.naam,
        school=school.naam,
        tav=school.ondersteuningscoordinator,
        adres=school.adres if at_school else bestuur.adres,
        postcode=school.postcode if at_school else bestuur.postcode,
        plaats=school.plaats if at_school else bestuur.plaats,
    )
    differs = (
        at_school
        and bool(bestuur.adres.strip())
        and (
            (school.adres.strip(), school.postcode.strip())
            != (bestuur.adres.strip(), bestuur.postcode.strip())
        )
    )
    return to, f"{bestuur.naam}, {own} (schoolbestuur)" if differs else ""


def _inzet(aanvraag: Aanvraag, leerlingen: Sequence[Leerling]) -> list[tuple[str, str]]:
    """What the money is for: the goals and support of the plan van aanpak, or the OPP's."""
    plan = aanvraag.groepsplan
    if aanvraag.soort is Soort.GROEP and plan is not None:
        rows = [("Ondersteuning", plan.ondersteuning), ("Doelen", plan.doelen)]
        rows.append(("Evaluatie van de doelen", plan.evaluatiewijze))
        return [(label, (value or "").strip()) for label, value in rows if (value or "").strip()]
    opp = leerlingen[0].opps[-1] if leerlingen and leerlingen[0].opps else None
    if opp is None:
        return []
    rows = [
        ("Inzet volgens het OPP", opp.inzet_maatwerkbudget),
        ("Ondersteuning en begeleiding", opp.ondersteuning_begeleiding),
        ("Onderwijsbehoeften", opp.onderwijsbehoeften),
    ]
    return [(label, (value or "").strip()) for label, value in rows if (value or "").strip()]


def _plan(aanvraag: Aanvraag) -> PlanVanAanpak | None:
    plan = aanvraag.groepsplan
    if aanvraag.soort is not Soort.GROEP or plan is None:
        return None
    return plain(
        PlanVanAanpak,
        plan,
        kosten=tuple(
            Kostenpost(
                k.omschrijving, k.soort.label, k.bedrag_cents, k.soort is KostenSoort.ONDERSTEUNING
            )
            for k in plan.kostenregels
        ),
    )


def _verschil(old_cents: int, new_cents: int) -> str:
    if new_cents > old_cents:
        return f"Het verschil van {money(new_cents - old_cents)} betalen wij bij."
    if new_cents < old_cents:
        return (
            f"Het verschil van {money(old_cents - new_cents)} betaalt het schoolbestuur terug, "
            "voor zover het al is uitbetaald."
        )
    return "Het bedrag verandert niet."


def build_data(session: Session, beschikking: Beschikking) -> BeschikkingData:
    """Everything the letter of ``beschikking`` shows, read from the database."""
    org = session.scalars(select(Organisatie)).first()
    jaren = session.scalars(select(Schooljaar)).all()
    return data_for(beschikking, org, letter_texts(session), jaren)


def data_for(
    beschikking: Beschikking,
    org: Organisatie | None,
    texts: dict[str, str],
    jaren: Sequence[Schooljaar] | None = None,
) -> BeschikkingData:
    """The letter data of a beschikking (persistent or a transient sample) with these texts;
    ``jaren`` are the schooljaren whose evaluation moments the letter names (default its own)."""
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
    interval = interval_words(jaar.voortgang_interval_maanden)
    due = (
        gesprek_deadlines(
            besluit.periode_start, besluit.periode_eind, jaar.voortgang_interval_maanden
        )
        if toegekend
        else []
    )
    vorige = besluit.herziening_van
    oud = vorige.beschikking if vorige is not None else None
    herziening = vorige is not None or besluit.herziening_van_id is not None
    ingang = beschikking.briefdatum if herziening else None
    contact = aanvraag.contactpersoon.volledige_naam
    evaluaties = evaluation_moments(jaren if jaren is not None else [jaar], besluit.periode_start)
    toegekend_cents = besluit.toegekend_cents if toegekend else 0
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
        "niet_toegekend_bedrag": money(max(0, aanvraag.aangevraagd_cents - toegekend_cents)),
        "periode_start": long_date(besluit.periode_start),
        "periode_eind": long_date(besluit.periode_eind),
        "aantal_leerlingen": str(len(leerlingen)),
        "contactpersoon": contact,
        "doel": aanvraag.doel.label.lower(),
        "interval": interval,
        "interval_maanden": interval.removeprefix("iedere ").removesuffix(" maanden"),
        "voortgangsdata": join_dates(due),
        "evaluatiemomenten": evaluaties,
        "tussenevaluatie": long_date(jaar.tussenevaluatie_op)
        or f"aan het einde van schooljaar {jaar.label}",
        "eindevaluatie": long_date(jaar.eindevaluatie_op) or "na afloop",
        "verantwoording_uiterlijk": long_date(accounting_deadline(besluit.periode_eind)),
        "rekening": f"rekening {format_iban(bestuur.iban)}"
        if bestuur.iban
        else "het rekeningnummer dat het schoolbestuur ons nog opgeeft",
        "email_bureau": (org.email if org and org.email else "het bureau"),
        "oud_kenmerk": oud.kenmerk if oud else "",
        "oud_briefdatum": long_date(oud.briefdatum) if oud else "",
        "oud_bedrag": money(vorige.toegekend_cents) if vorige else "",
        "verschil": _verschil(vorige.toegekend_cents, toegekend_cents) if vorige else "",
        "ingangsdatum": long_date(ingang) if ingang else "",
        "programmadirecteur": org.programmadirecteur_naam if org else "",
    }
    soort = brief_soort(herziening, besluit.uitkomst, aanvraag.soort)
    besluit_tekst = fill(texts[_besluit_key(besluit.uitkomst, aanvraag.soort)], values)
    if soort is BriefSoort.HERZIENING:
        besluit_tekst = fill(texts["herziening"], values) + "\n\n" + besluit_tekst
    conditions: list[str] = []
    if toegekend:
        keys = [
            "voorwaarde_voortgang",
            "voorwaarde_opp_groep" if groep else "voorwaarde_opp_individueel",
            "voorwaarde_wijzigingen",
            "voorwaarde_evaluatie",
            "voorwaarde_verantwoording",
            "voorwaarde_niet_besteed",
        ]
        conditions = [fill(texts[k], values) for k in keys]
    max_cents = jaar.groep_max_cents if groep else jaar.individueel_max_cents
    plan = _plan(aanvraag)
    bijlagen = [REGELING]
    if plan is not None:
        bijlagen.append(f"Plan van aanpak bij aanvraag {aanvraag.nummer} (zoals ingediend)")
    to, board_copy = _geadresseerde(school)
    afschrift = [f"{contact}, contactpersoon {org.naam if org else ''}".strip()]
    if board_copy:
        afschrift.append(board_copy)
    not_awarded = tuple(k for k in plan.kosten if not k.toegekend) if plan and toegekend else ()
    return BeschikkingData(
        soort=soort,
        kenmerk=beschikking.kenmerk,
        briefdatum=beschikking.briefdatum,
        schooljaar=jaar.label,
        afzender=_afzender(org),
        geadresseerde=to,
        aanvraagnummer=aanvraag.nummer,
        aanvraagdatum=aanvraag.aanvraagdatum,
        contactpersoon=contact,
        uitkomst=besluit.uitkomst.label,
        groep=groep,
        aangevraagd_cents=aanvraag.aangevraagd_cents,
        toegekend_cents=toegekend_cents,
        periode_start=besluit.periode_start,
        periode_eind=besluit.periode_eind,
        doel=aanvraag.doel.label,
        ondertekening=_ondertekening(org),
        aanhef=salutation(to.tav)
        if salutation(to.tav) != "Geachte heer, mevrouw,"
        else fill(texts["aanhef"], values),
        inleiding=fill(texts["inleiding"], values),
        grondslag=fill(texts["grondslag"], values),
        besluit_tekst=besluit_tekst,
        motivering=besluit.motivering,
        slot=fill(texts["slot"], values),
        rechtsmiddel=remedy_clause(org, values),
        leerlingen=tuple(LeerlingRegel(p.initialen, p.leerlingnummer) for p in leerlingen),
        toetsing=tuple(
            checks(aanvraag, besluit.uitkomst, max_cents, jaar.groep_min_leerlingen, interval)
        ),
        voorwaarden=tuple(conditions),
        voortgang_data=tuple(due),
        afschrift=tuple(afschrift),
        bijlagen=tuple(bijlagen),
        oud_kenmerk=oud.kenmerk if oud else "",
        oud_toegekend_cents=vorige.toegekend_cents if vorige else None,
        ingangsdatum=ingang,
        nieuwe_uitkomst=besluit.uitkomst.label.lower() if herziening else "",
        inzet=tuple(_inzet(aanvraag, leerlingen)) if toegekend else (),
        betaling=fill(texts["betaling"], values) if toegekend and not herziening else "",
        niet_toegekend=not_awarded,
        plan=plan,
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
