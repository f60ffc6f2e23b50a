"""The regulation's rules for an aanvraag, as checks that collect Dutch messages per field.

Used when an aanvraag is saved or submitted (``validate_aanvraag``) and before an award
(``award_blockers``). Every limit comes from the schooljaar's data, never from a constant.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from swv_desktop.errors import FieldError
from swv_desktop.errors import Validator
from swv_desktop.formatting import long_date
from swv_desktop.formatting import money
from swv_desktop.models import Aanvraag
from swv_desktop.models import Doel
from swv_desktop.models import Gebruiker
from swv_desktop.models import KostenSoort
from swv_desktop.models import Leerling
from swv_desktop.models import Opp
from swv_desktop.models import Rol
from swv_desktop.models import School
from swv_desktop.models import Schooljaar
from swv_desktop.models import Soort
from swv_desktop.models import Voorwaarde
from swv_desktop.models import VsoBetrokkenheid
from swv_desktop.services.budget import awarded_to_leerling_cents


@dataclass
class VoorwaardeInput:
    """One regulation condition as the contactpersoon records it."""

    voorwaarde: Voorwaarde
    voldaan: bool = False
    datum: date | None = None
    toelichting: str = ""


@dataclass
class KostenregelInput:
    """An estimated cost line of a group plan."""

    omschrijving: str
    soort: KostenSoort
    bedrag_cents: int


@dataclass
class GroepsplanInput:
    """The plan van aanpak: named pupils, support, goals and evaluation, period, costs."""

    leerling_ids: list[int]
    ondersteuning: str
    doelen: str
    evaluatiewijze: str
    periode_start: date | None
    periode_eind: date | None
    kostenregels: list[KostenregelInput] = field(default_factory=list)

    @property
    def totaal_cents(self) -> int:
        return sum(line.bedrag_cents for line in self.kostenregels)


@dataclass
class AanvraagInput:
    """What the aanvraag form edits. For a group the requested amount is the plan's total."""

    soort: Soort
    schooljaar_id: int | None
    school_id: int | None
    contactpersoon_id: int | None
    doel: Doel
    aanvraagdatum: date | None
    aangevraagd_cents: int = 0
    leerling_id: int | None = None
    omschrijving: str = ""
    vso_betrokkenheid: VsoBetrokkenheid = VsoBetrokkenheid.GEEN
    vso_school: str = ""
    vso_toelichting: str = ""
    voorwaarden: list[VoorwaardeInput] = field(default_factory=list)
    groepsplan: GroepsplanInput | None = None
    versie: int | None = None
    """The version the form loaded (``None`` for a new aanvraag)."""

    @property
    def bedrag_cents(self) -> int:
        """The requested amount: the plan's total for a group, else the amount typed."""
        if self.soort is Soort.GROEP and self.groepsplan is not None:
            return self.groepsplan.totaal_cents
        return self.aangevraagd_cents


def validate_aanvraag(
    session: Session, data: AanvraagInput, *, aanvraag_id: int | None = None
) -> Schooljaar | None:
    """Raise a ``ValidationError`` listing every broken rule; return the schooljaar when valid."""
    v = Validator()
    jaar = session.get(Schooljaar, data.schooljaar_id) if data.schooljaar_id else None
    v.check(jaar is not None, "schooljaar_id", "Kies het schooljaar van de aanvraag.")
    school = session.get(School, data.school_id) if data.school_id else None
    v.check(school is not None, "school_id", "Kies de school die de aanvraag doet.")
    cp = session.get(Gebruiker, data.contactpersoon_id) if data.contactpersoon_id else None
    v.check(
        cp is not None and cp.rol is Rol.CONTACTPERSOON,
        "contactpersoon_id",
        "Kies de contactpersoon van het bureau: de route loopt altijd via de contactpersoon.",
    )
    v.check(data.aanvraagdatum is not None, "aanvraagdatum", "Vul de datum van de aanvraag in.")
    if jaar is not None and data.aanvraagdatum is not None:
        earliest = jaar.start_datum.replace(year=jaar.start_datum.year - 1)
        v.check(
            earliest <= data.aanvraagdatum <= jaar.eind_datum,
            "aanvraagdatum",
            f"De datum van de aanvraag ligt niet in (of in het jaar vóór) schooljaar {jaar.label}: "
            f"kies een datum van {long_date(earliest)} tot en met {long_date(jaar.eind_datum)}.",
        )
    v.check(
        data.doel is not Doel.DIDACTISCH,
        "doel",
        "Didactische ondersteuning valt niet onder het maatwerkbudget; het budget is voor "
        "sociaal-emotionele vaardigheden of leervoorwaarden (executieve functies).",
    )
    if data.vso_betrokkenheid is not VsoBetrokkenheid.GEEN:
        v.check(
            bool(data.vso_school.strip()), "vso_school", "Vul in welke VSO-school betrokken is."
        )
    if data.soort is Soort.INDIVIDUEEL:
        _validate_individual(session, v, data, jaar, school, aanvraag_id)
    else:
        _validate_group(session, v, data, jaar, school)
    v.raise_if_any()
    return jaar


def _validate_individual(
    session: Session,
    v: Validator,
    data: AanvraagInput,
    jaar: Schooljaar | None,
    school: School | None,
    aanvraag_id: int | None,
) -> None:
    leerling = session.get(Leerling, data.leerling_id) if data.leerling_id else None
    v.check(leerling is not None, "leerling_id", "Kies de leerling voor wie de aanvraag is.")
    if leerling is not None and school is not None:
        v.check(
            leerling.school_id == school.id,
            "leerling_id",
            "De leerling staat ingeschreven op een andere school dan de aanvragende school.",
        )
    amount = data.aangevraagd_cents
    v.check(amount > 0, "aangevraagd_cents", "Het aangevraagde bedrag moet groter zijn dan € 0,00.")
    if jaar is None or amount <= 0:
        return
    check_leerling_cap(
        session,
        v,
        jaar,
        leerling.id if leerling is not None else None,
        amount,
        field="aangevraagd_cents",
        what="Het aangevraagde bedrag",
        exclude_aanvraag_id=aanvraag_id,
    )


def check_leerling_cap(
    session: Session,
    v: Validator,
    jaar: Schooljaar,
    leerling_id: int | None,
    bedrag: int,
    *,
    field: str,
    what: str,
    exclude_aanvraag_id: int | None,
) -> None:
    """The individual cap per pupil per schooljaar: ``bedrag`` alone, and with what the pupil
    was already awarded in ``jaar`` (other aanvragen; decisions in force)."""
    cap = jaar.individueel_max_cents
    if bedrag > cap:
        v.add(
            field,
            f"{what} ({money(bedrag)}) is hoger dan het maximum van {money(cap)} per leerling "
            f"in {jaar.label}.",
        )
    elif leerling_id is not None:
        already = awarded_to_leerling_cents(
            session, leerling_id, jaar.id, exclude_aanvraag_id=exclude_aanvraag_id
        )
        v.check(
            already + bedrag <= cap,
            field,
            f"Deze leerling kreeg in {jaar.label} al {money(already)} toegekend; samen met dit "
            f"bedrag is dat meer dan {money(cap)}, het maximum per leerling.",
        )


def _validate_group(
    session: Session,
    v: Validator,
    data: AanvraagInput,
    jaar: Schooljaar | None,
    school: School | None,
) -> None:
    plan = data.groepsplan
    if plan is None:
        v.add("groepsplan", "Een groepsaanpak heeft een plan van aanpak nodig.")
        return
    ids = list(dict.fromkeys(plan.leerling_ids))
    minimum = jaar.groep_min_leerlingen if jaar else 5
    v.check(
        len(ids) >= minimum,
        "leerling_ids",
        f"Een groepsaanpak is voor minstens {minimum} leerlingen; het plan noemt er {len(ids)}.",
    )
    if ids and school is not None:
        leerlingen = session.scalars(select(Leerling).where(Leerling.id.in_(ids))).all()
        v.check(
            len(leerlingen) == len(ids),
            "leerling_ids",
            "Een of meer gekozen leerlingen bestaan niet (meer).",
        )
        elsewhere = [p.leerlingnummer for p in leerlingen if p.school_id != school.id]
        v.check(
            not elsewhere,
            "leerling_ids",
            f"Leerlingen {', '.join(elsewhere)} staan op een andere school dan de aanvragende school.",
        )
    v.check(
        bool(plan.ondersteuning.strip()),
        "ondersteuning",
        "Beschrijf zo concreet mogelijk welke extra ondersteuning wordt geboden.",
    )
    v.check(bool(plan.doelen.strip()), "doelen", "Beschrijf de doelen van de extra ondersteuning.")
    v.check(
        bool(plan.evaluatiewijze.strip()),
        "evaluatiewijze",
        "Beschrijf hoe de doelen worden geëvalueerd.",
    )
    if plan.periode_start is None or plan.periode_eind is None:
        v.add("periode", "Vul de periode in waarin de ondersteuning wordt geboden.")
    elif plan.periode_eind < plan.periode_start:
        v.add("periode", "Het einde van de periode ligt vóór het begin.")
    elif jaar is not None and not (
        jaar.start_datum <= plan.periode_start and plan.periode_eind <= jaar.eind_datum
    ):
        v.add(
            "periode",
            f"De periode moet binnen schooljaar {jaar.label} vallen "
            f"({long_date(jaar.start_datum)} tot en met {long_date(jaar.eind_datum)}).",
        )
    v.check(
        bool(plan.kostenregels), "kostenregels", "Geef de geschatte kosten van de ondersteuning op."
    )
    for i, line in enumerate(plan.kostenregels, start=1):
        v.check(
            bool(line.omschrijving.strip()),
            "kostenregels",
            f"Kostenregel {i}: vul een omschrijving in.",
        )
        v.check(
            line.bedrag_cents > 0,
            "kostenregels",
            f"Kostenregel {i}: het bedrag moet groter zijn dan € 0,00.",
        )
        v.check(
            line.soort is not KostenSoort.ONTWIKKELTIJD,
            "kostenregels",
            f"Kostenregel {i} ('{line.omschrijving.strip()}') is ontwikkeltijd; alleen de kosten van de "
            "ondersteuning zelf kunnen worden aangevraagd.",
        )
    if jaar is not None and plan.totaal_cents > jaar.groep_max_cents:
        v.add(
            "kostenregels",
            f"Het totaal van de groepsaanpak ({money(plan.totaal_cents)}) is hoger dan het maximum "
            f"van {money(jaar.groep_max_cents)}.",
        )


def award_blockers(session: Session, aanvraag: Aanvraag) -> list[FieldError]:
    """What stands in the way of awarding: OPPs, conditions, the talk with the contactpersoon."""
    problems: list[FieldError] = []
    recorded = {c.voorwaarde: c for c in aanvraag.voorwaarden}
    for voorwaarde in Voorwaarde:
        cond = recorded.get(voorwaarde)
        if cond is None or not cond.voldaan:
            problems.append(
                FieldError("voorwaarden", f"Voorwaarde niet bevestigd: {voorwaarde.label}.")
            )
    if aanvraag.besproken_op is None:
        problems.append(
            FieldError("besproken_op", "Het gesprek met de contactpersoon is niet vastgelegd.")
        )
    if aanvraag.doel is Doel.DIDACTISCH:
        problems.append(FieldError("doel", "Didactische ondersteuning kan niet worden toegekend."))
    if aanvraag.soort is Soort.INDIVIDUEEL:
        leerlingen = [aanvraag.leerling] if aanvraag.leerling is not None else []
        what = "waarvoor het maatwerkbudget wordt ingezet"
    else:
        plan = aanvraag.groepsplan
        leerlingen = [d.leerling for d in plan.deelnemers] if plan is not None else []
        what = "dat de groepsaanpak wordt ingezet"
    for leerling in leerlingen:
        latest = session.scalars(
            select(Opp).where(Opp.leerling_id == leerling.id).order_by(Opp.versie.desc()).limit(1)
        ).first()
        if latest is None:
            problems.append(
                FieldError("opp", f"Leerling {leerling.leerlingnummer} heeft geen OPP.")
            )
        elif not latest.inzet_maatwerkbudget.strip():
            problems.append(
                FieldError(
                    "opp", f"Het OPP van leerling {leerling.leerlingnummer} vermeldt niet {what}."
                )
            )
    return problems
