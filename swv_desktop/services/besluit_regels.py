"""What a decision must satisfy before it is taken: its typed parts, an amount that fits the
outcome and the caps, a dagtekening within its schooljaar (a herziening up to
``LETTER_GRACE_MONTHS`` after it) and the support period that follows from it."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from swv_desktop.errors import Validator
from swv_desktop.formatting import long_date
from swv_desktop.formatting import money
from swv_desktop.models import Aanvraag
from swv_desktop.models import Besluit
from swv_desktop.models import Soort
from swv_desktop.models import Uitkomst
from swv_desktop.services import invoer
from swv_desktop.services.aanvragen.regels import check_leerling_cap

LETTER_GRACE_MONTHS = 3
"""How long after its schooljaar a beschikking may still be dated."""


def clean_decision(
    uitkomst: object, bedrag_cents: object, motivering: object, overschrijding_reden: object
) -> tuple[Uitkomst, int, str, str]:
    """The typed parts of a decision, checked for type, range, length and characters."""
    v = Validator()
    kind = invoer.choice(v, "uitkomst", "De uitkomst", uitkomst, Uitkomst)
    amount = invoer.cents(v, "bedrag", "Het bedrag", bedrag_cents)
    reasons = invoer.long_text(v, "motivering", "De motivering", motivering)
    reden = invoer.long_text(
        v, "overschrijding_reden", "De reden voor de overschrijding", overschrijding_reden
    )
    v.raise_if_any()
    assert kind is not None
    return kind, amount, reasons, reden


def validate_amount(
    v: Validator, session: Session, aanvraag: Aanvraag, uitkomst: Uitkomst, bedrag: int
) -> None:
    """The amount fits the outcome (nothing for an afwijzing, all or less than requested) and
    the caps of the schooljaar (per pupil, per group plan)."""
    jaar = aanvraag.schooljaar
    requested = aanvraag.aangevraagd_cents
    if uitkomst is Uitkomst.AFGEWEZEN:
        v.check(bedrag == 0, "bedrag", "Bij een afwijzing wordt geen bedrag toegekend.")
        return
    v.check(bedrag > 0, "bedrag", "Het toe te kennen bedrag moet groter zijn dan € 0,00.")
    if uitkomst is Uitkomst.TOEGEKEND:
        v.check(
            bedrag == requested,
            "bedrag",
            f"Volledig toekennen is het aangevraagde bedrag ({money(requested)}); kies anders 'gedeeltelijk toekennen'.",
        )
    else:
        v.check(
            bedrag < requested,
            "bedrag",
            f"Een gedeeltelijke toekenning is lager dan het aangevraagde bedrag ({money(requested)}).",
        )
    if aanvraag.soort is Soort.INDIVIDUEEL:
        check_leerling_cap(
            session,
            v,
            jaar,
            aanvraag.leerling_id,
            bedrag,
            field="bedrag",
            what="Het toe te kennen bedrag",
            exclude_aanvraag_id=aanvraag.id,
        )
    else:
        cap = jaar.groep_max_cents
        v.check(
            bedrag <= cap,
            "bedrag",
            f"Het bedrag is hoger dan het maximum van {money(cap)} voor een groepsaanpak.",
        )


def funding_period(aanvraag: Aanvraag, briefdatum: date) -> tuple[date, date]:
    """The support period of an award: a group plan's own period, else from the letter's date
    (within the schooljaar) to the end of the schooljaar."""
    jaar = aanvraag.schooljaar
    plan = aanvraag.groepsplan
    if (
        aanvraag.soort is Soort.GROEP
        and plan is not None
        and plan.periode_start
        and plan.periode_eind
    ):
        return plan.periode_start, plan.periode_eind
    start = min(max(briefdatum, jaar.start_datum), jaar.eind_datum)
    return start, jaar.eind_datum


def letter_day(
    v: Validator, aanvraag: Aanvraag, vorige: Besluit | None, value: object
) -> date | None:
    """The dagtekening: not before the aanvraag nor the letter it revises; a first beschikking
    within its schooljaar (its support period runs to the end of that year), a herziening within
    it or at most ``LETTER_GRACE_MONTHS`` after it (it keeps the period it revises)."""
    jaar = aanvraag.schooljaar
    if vorige is None:
        latest = jaar.eind_datum
        too_late = (
            f"De dagtekening ligt na {long_date(latest)}, het einde van schooljaar {jaar.label}: "
            "een besluit over dat schooljaar draagt een datum in dat jaar (anders duurt de "
            "ondersteuning nul dagen)."
        )
    else:
        latest = invoer.months_after(jaar.eind_datum, LETTER_GRACE_MONTHS)
        too_late = (
            f"De dagtekening ligt na {long_date(latest)}: een herziening over {jaar.label} "
            f"draagt een datum in dat schooljaar of hoogstens {LETTER_GRACE_MONTHS} maanden daarna."
        )
    day = invoer.day(v, "briefdatum", "De dagtekening", value, latest=latest, too_late=too_late)
    if day is None:
        return None
    if day < aanvraag.aanvraagdatum:
        v.add(
            "briefdatum",
            f"De dagtekening ligt vóór de datum van de aanvraag ({long_date(aanvraag.aanvraagdatum)}).",
        )
    previous = vorige.beschikking if vorige is not None else None
    if previous is not None and day < previous.briefdatum:
        v.add(
            "briefdatum",
            f"De dagtekening ligt vóór die van beschikking {previous.kenmerk} "
            f"({long_date(previous.briefdatum)}), die hiermee wordt herzien.",
        )
    return day
