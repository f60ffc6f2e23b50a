"""Deciding on an aanvraag (programmadirecteur only) and revising a decision (herziening).

A decision creates the ``Besluit`` and its ``Beschikking`` with a kenmerk that is unique and
sequential per schooljaar (``MWB-2021-007``); issuing the letter (freezing the PDF) is
``beschikkingen.issue_beschikking``. An award that takes the awarded total past the budget is
refused with ``BudgetOverschrijding`` unless a reason is given; with the reason a 'bestuur
informeren' note is created. What the decision itself must satisfy (amount, dagtekening, period)
is checked in ``besluit_regels``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from swv_desktop.db import Database
from swv_desktop.db import lock_schooljaar
from swv_desktop.errors import FieldError
from swv_desktop.errors import KnownError
from swv_desktop.errors import StateError
from swv_desktop.errors import ValidationError
from swv_desktop.errors import Validator
from swv_desktop.formatting import long_date
from swv_desktop.formatting import money
from swv_desktop.models import Aanvraag
from swv_desktop.models import Beschikking
from swv_desktop.models import Besluit
from swv_desktop.models import BudgetNotitie
from swv_desktop.models import Organisatie
from swv_desktop.models import Schooljaar
from swv_desktop.models import Status
from swv_desktop.models import StatusWijziging
from swv_desktop.models import Uitkomst
from swv_desktop.models import Vaststelling
from swv_desktop.services import besluit_regels
from swv_desktop.services import invoer
from swv_desktop.services import scope
from swv_desktop.services.aanvragen.regels import award_blockers
from swv_desktop.services.budget import awarded_cents
from swv_desktop.services.commands import command
from swv_desktop.services.common import Actor
from swv_desktop.services.common import audited_save
from swv_desktop.services.common import claim_version
from swv_desktop.services.common import get_or_404
from swv_desktop.services.common import snapshot
from swv_desktop.services.scope import Recht


class BudgetOverschrijding(KnownError):
    """The award would take the schooljaar past its budget; confirm with a reason to go on."""

    def __init__(self, label: str, budget_cents: int, after_cents: int) -> None:
        self.overshoot_cents = after_cents - budget_cents
        self.after_cents = after_cents
        super().__init__(
            f"Met dit besluit komt het toegekende bedrag in {label} op {money(after_cents)}: "
            f"{money(self.overshoot_cents)} boven het budget van {money(budget_cents)}. "
            "Toekennen kan alleen met een uitdrukkelijke reden; het bestuur moet dan tijdig en "
            "onderbouwd worden geïnformeerd."
        )


@dataclass(frozen=True)
class BesluitResult:
    """What a decision produced."""

    besluit_id: int
    beschikking_id: int
    kenmerk: str
    budget_notitie_id: int | None


@dataclass(frozen=True)
class BesluitPreview:
    """The effect of a decision on the budget, before it is taken. Amounts in cents."""

    budget_cents: int
    awarded_before_cents: int
    awarded_after_cents: int
    blockers: list[FieldError]

    @property
    def overshoot_cents(self) -> int:
        return max(0, self.awarded_after_cents - self.budget_cents)


def next_kenmerk(session: Session, jaar: Schooljaar) -> tuple[int, str]:
    """The next beschikking's volgnummer in ``jaar`` and its kenmerk (``MWB-2021-004``); inside
    the caller's transaction (which locked the schooljaar or holds the write lock)."""
    org = session.scalars(select(Organisatie)).first()
    prefix = org.kenmerk_prefix if org else "MWB"
    last = (
        session.scalar(
            select(func.max(Beschikking.volgnummer)).where(Beschikking.schooljaar_id == jaar.id)
        )
        or 0
    )
    volgnummer = last + 1
    return volgnummer, f"{prefix}-{jaar.start_datum.year}-{volgnummer:03d}"


def _new_beschikking(
    session: Session, besluit: Besluit, jaar: Schooljaar, briefdatum: date
) -> Beschikking:
    volgnummer, kenmerk = next_kenmerk(session, jaar)
    beschikking = Beschikking(
        besluit=besluit,
        schooljaar_id=jaar.id,
        volgnummer=volgnummer,
        kenmerk=kenmerk,
        briefdatum=briefdatum,
    )
    session.add(beschikking)
    return beschikking


def _take(
    db: Database,
    actor: Actor,
    session: Session,
    aanvraag: Aanvraag,
    *,
    uitkomst: Uitkomst,
    bedrag_cents: int,
    motivering: str,
    overschrijding_reden: str,
    briefdatum: date | None,
    vorige: Besluit | None,
    periode_eind: date | None = None,
) -> BesluitResult:
    # budget, per-pupil total and kenmerk are read under the schooljaar's lock
    lock_schooljaar(session, aanvraag.schooljaar_id)
    v = Validator()
    jaar = aanvraag.schooljaar
    now = db.clock()
    letter_day = besluit_regels.letter_day(v, aanvraag, vorige, briefdatum or now.date())
    periode_eind = invoer.day(v, "periode_eind", "Het einde van de periode", periode_eind)
    if vorige is not None and periode_eind is not None:
        v.check(
            vorige.periode_start <= periode_eind <= vorige.periode_eind,
            "periode_eind",
            "Een herziening kan de periode alleen inkorten: kies een einddatum tussen "
            f"{long_date(vorige.periode_start)} en {long_date(vorige.periode_eind)}.",
        )
    v.raise_if_any()
    assert letter_day is not None
    v.check(bool(motivering.strip()), "motivering", "Schrijf de motivering van het besluit.")
    besluit_regels.validate_amount(v, session, aanvraag, uitkomst, bedrag_cents)
    if uitkomst is not Uitkomst.AFGEWEZEN:
        v.errors.extend(award_blockers(session, aanvraag))
    v.raise_if_any()
    before_total = awarded_cents(session, jaar.id)
    # the decision being revised is in force (checked by revise), so its amount is in before_total
    after = before_total - (vorige.toegekend_cents if vorige else 0) + bedrag_cents
    over_budget = after > jaar.budget_cents and after > before_total
    if over_budget and not overschrijding_reden.strip():
        raise BudgetOverschrijding(jaar.label, jaar.budget_cents, after)
    start, end = (
        besluit_regels.funding_period(aanvraag, letter_day)
        if vorige is None
        else (vorige.periode_start, periode_eind or vorige.periode_eind)
    )
    besluit = Besluit(
        aanvraag_id=aanvraag.id,
        uitkomst=uitkomst,
        toegekend_cents=bedrag_cents,
        motivering=motivering.strip(),
        besloten_door_id=actor.id,
        besloten_op=now,
        herziening_van_id=vorige.id if vorige else None,
        overschrijding_reden=overschrijding_reden.strip() if over_budget else "",
        periode_start=start,
        periode_eind=end,
    )
    session.add(besluit)
    session.flush()
    beschikking = _new_beschikking(session, besluit, jaar, letter_day)
    note_id = None
    if over_budget:
        note = BudgetNotitie(
            schooljaar_id=jaar.id,
            besluit_id=besluit.id,
            overschrijding_cents=after - jaar.budget_cents,
            reden=overschrijding_reden.strip(),
            aangemaakt_op=now,
            aangemaakt_door_id=actor.id,
        )
        session.add(note)
        session.flush()
        note_id = note.id
    old_status = aanvraag.status
    aanvraag.status = uitkomst.status
    toelichting = (
        f"Herziening van {vorige.beschikking.kenmerk}" if vorige and vorige.beschikking else ""
    )
    session.add(
        StatusWijziging(
            aanvraag_id=aanvraag.id,
            van=old_status,
            naar=aanvraag.status,
            door_id=actor.id,
            op=now,
            toelichting=toelichting,
        )
    )
    audited_save(
        session,
        actor,
        "besluit",
        besluit,
        snapshot(vorige) if vorige else None,
        now=now,
        actie="herzien" if vorige else "besloten",
    )
    return BesluitResult(besluit.id, beschikking.id, beschikking.kenmerk, note_id)


@command("besluit.nemen", online_only=True)
def decide(
    db: Database,
    actor: Actor,
    aanvraag_id: int,
    *,
    uitkomst: Uitkomst,
    bedrag_cents: int,
    motivering: str,
    overschrijding_reden: str = "",
    briefdatum: date | None = None,
    versie: int | None = None,
) -> BesluitResult:
    """Toekennen, gedeeltelijk toekennen or afwijzen an aanvraag that is ter besluitvorming,
    as the programmadirecteur saw it (``versie``, the aanvraag's version the dialog loaded)."""
    scope.require(actor, Recht.BESLUITEN)
    uitkomst, bedrag_cents, motivering, overschrijding_reden = besluit_regels.clean_decision(
        uitkomst, bedrag_cents, motivering, overschrijding_reden
    )
    with scope.transaction(db, actor, Recht.BESLUITEN) as session:
        aanvraag = get_or_404(session, Aanvraag, aanvraag_id, "Aanvraag")
        if aanvraag.status is not Status.TER_BESLUITVORMING:
            if aanvraag.status.is_decided:
                raise StateError(
                    f"Op aanvraag {aanvraag.nummer} is al besloten; een ander besluit kan alleen via een herziening."
                )
            raise StateError(
                f"Aanvraag {aanvraag.nummer} is {aanvraag.status.label.lower()}; besluiten kan pas als de "
                "aanvraag ter besluitvorming is voorgelegd."
            )
        claim_version(
            session, aanvraag, versie, entiteit="aanvraag", wat=f"aanvraag {aanvraag.nummer}"
        )
        return _take(
            db,
            actor,
            session,
            aanvraag,
            uitkomst=uitkomst,
            bedrag_cents=bedrag_cents,
            motivering=motivering,
            overschrijding_reden=overschrijding_reden,
            briefdatum=briefdatum,
            vorige=None,
        )


@command("besluit.herzien", online_only=True)
def revise(
    db: Database,
    actor: Actor,
    besluit_id: int,
    *,
    uitkomst: Uitkomst,
    bedrag_cents: int,
    motivering: str,
    overschrijding_reden: str = "",
    briefdatum: date | None = None,
    periode_eind: date | None = None,
) -> BesluitResult:
    """A herziening: a new decision and letter that replace the one in force and cite its kenmerk.
    ``periode_eind`` ends the period earlier (a pupil who left is not funded to 31 July)."""
    scope.require(actor, Recht.BESLUITEN)
    uitkomst, bedrag_cents, motivering, overschrijding_reden = besluit_regels.clean_decision(
        uitkomst, bedrag_cents, motivering, overschrijding_reden
    )
    with scope.transaction(db, actor, Recht.BESLUITEN) as session:
        vorige = get_or_404(session, Besluit, besluit_id, "Besluit")
        replaced = session.scalars(
            select(Besluit.id).where(Besluit.herziening_van_id == vorige.id)
        ).first()
        if replaced is not None:
            raise StateError("Dit besluit is al herzien; herzie het besluit dat nu geldt.")
        settled = session.scalars(
            select(Vaststelling.kenmerk).where(Vaststelling.aanvraag_id == vorige.aanvraag_id)
        ).first()
        if settled is not None:
            raise StateError(
                f"Deze toekenning is al vastgesteld ({settled}); een vastgestelde toekenning "
                "wordt niet meer herzien."
            )
        if vorige.beschikking is None or vorige.beschikking.uitgegeven_op is None:
            raise ValidationError(
                FieldError(
                    "besluit",
                    "De beschikking van dit besluit is nog niet uitgegeven; geef die eerst uit.",
                )
            )
        return _take(
            db,
            actor,
            session,
            vorige.aanvraag,
            uitkomst=uitkomst,
            bedrag_cents=bedrag_cents,
            motivering=motivering,
            overschrijding_reden=overschrijding_reden,
            briefdatum=briefdatum,
            vorige=vorige,
            periode_eind=periode_eind,
        )


def preview_besluit(
    db: Database,
    actor: Actor,
    aanvraag_id: int,
    bedrag_cents: int,
    *,
    besluit_id: int | None = None,
) -> BesluitPreview:
    """How the budget would look after awarding ``bedrag_cents`` (for the budget meter)."""
    with scope.read(db, actor, Recht.BESLUITEN) as session:
        aanvraag = get_or_404(session, Aanvraag, aanvraag_id, "Aanvraag")
        jaar = aanvraag.schooljaar
        before = awarded_cents(session, jaar.id)
        base = awarded_cents(session, jaar.id, exclude_besluit_id=besluit_id)
        return BesluitPreview(
            budget_cents=jaar.budget_cents,
            awarded_before_cents=before,
            awarded_after_cents=base + bedrag_cents,
            blockers=award_blockers(session, aanvraag),
        )
