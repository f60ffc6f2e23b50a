"""The money that moves on an award: payments to the board, the school's account
(verantwoording) and repayments after the settlement; and where an award's money stands (the
award in force with an issued letter, what was paid and repaid), which the settlement reads too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from swv_desktop.db import Database
from swv_desktop.errors import StateError
from swv_desktop.errors import Validator
from swv_desktop.formatting import long_date
from swv_desktop.formatting import money
from swv_desktop.models import Aanvraag
from swv_desktop.models import Afwikkeling
from swv_desktop.models import Beschikking
from swv_desktop.models import Besluit
from swv_desktop.models import BestedingSoort
from swv_desktop.models import Betaling
from swv_desktop.models import Terugbetaling
from swv_desktop.models import Uitkomst
from swv_desktop.models import Vaststelling
from swv_desktop.models import Verantwoording
from swv_desktop.services import invoer
from swv_desktop.services import scope
from swv_desktop.services.budget import award_of
from swv_desktop.services.commands import command
from swv_desktop.services.common import Actor
from swv_desktop.services.common import audited_save
from swv_desktop.services.common import claim_version
from swv_desktop.services.common import get_or_404
from swv_desktop.services.common import snapshot
from swv_desktop.services.iban import iban_problem
from swv_desktop.services.iban import normalize_iban
from swv_desktop.services.scope import Recht


@dataclass
class BetalingInput:
    """A payment to the board (or a repayment from it): date, amount in cents, reference."""

    datum: date | None
    bedrag_cents: int
    referentie: str = ""


@dataclass
class VerantwoordingInput:
    """The school's account: when received, spending per kind (cents), the check and notes."""

    ontvangen_op: date | None
    ondersteuning_cents: int = 0
    materialen_cents: int = 0
    externe_expertise_cents: int = 0
    vso_expertise_cents: int = 0
    gecontroleerd_op: date | None = None
    opmerkingen: str = ""
    bijlage: str = ""


def award_in_force(session: Session, aanvraag: Aanvraag) -> Besluit:
    """The award in force on ``aanvraag`` with an issued beschikking, or a ``StateError``."""
    besluit = award_of(session, aanvraag.id)
    if besluit is None or besluit.uitkomst is Uitkomst.AFGEWEZEN:
        raise StateError(
            f"Aanvraag {aanvraag.nummer} heeft geen toekenning; betalingen en verantwoording "
            "horen bij een toekenning."
        )
    if besluit.beschikking is None or besluit.beschikking.uitgegeven_op is None:
        raise StateError(
            f"De beschikking van aanvraag {aanvraag.nummer} is nog niet uitgegeven; geef die "
            "eerst uit."
        )
    return besluit


def first_letter_day(session: Session, aanvraag_id: int) -> date:
    """The date of the first award letter on the aanvraag: no money moves before it."""
    day = session.scalar(
        select(func.min(Beschikking.briefdatum))
        .join(Besluit, Besluit.id == Beschikking.besluit_id)
        .where(Besluit.aanvraag_id == aanvraag_id, Besluit.uitkomst != Uitkomst.AFGEWEZEN)
    )
    assert day is not None  # award_in_force found one
    return day


def paid_cents(session: Session, aanvraag_id: int) -> int:
    """What the SWV paid on an aanvraag."""
    query = select(func.coalesce(func.sum(Betaling.bedrag_cents), 0)).where(
        Betaling.aanvraag_id == aanvraag_id
    )
    return int(session.scalar(query) or 0)


def repaid_cents(session: Session, vaststelling_id: int) -> int:
    """What came back on a settlement (transferred or set off)."""
    query = select(func.coalesce(func.sum(Terugbetaling.bedrag_cents), 0)).where(
        Terugbetaling.vaststelling_id == vaststelling_id
    )
    return int(session.scalar(query) or 0)


def settlement_of(session: Session, aanvraag_id: int) -> Vaststelling | None:
    """The settlement of the aanvraag, if it was settled."""
    return session.scalars(
        select(Vaststelling).where(Vaststelling.aanvraag_id == aanvraag_id)
    ).first()


def _clean_money(v: Validator, data: BetalingInput, today: date, what: str) -> tuple[date, str]:
    day = invoer.past_day(
        v,
        "datum",
        f"De datum van de {what}",
        data.datum,
        today,
        required=f"Vul de datum van de {what} in.",
    )
    invoer.cents(v, "bedrag", "Het bedrag", data.bedrag_cents, minimum=1)
    referentie = invoer.text(v, "referentie", "De referentie", data.referentie, max_len=100)
    v.raise_if_any()
    assert day is not None
    return day, referentie


@command("betaling.vastleggen")
def record_betaling(db: Database, actor: Actor, aanvraag_id: int, data: BetalingInput) -> int:
    """Record a payment to the board on an award (never more than the award in force, or after
    the settlement than the settled amount); returns its id."""
    scope.require(actor, Recht.BETALINGEN)
    v = Validator()
    day, referentie = _clean_money(v, data, db.clock().date(), "betaling")
    with scope.transaction(db, actor, Recht.BETALINGEN) as session:
        scope.require_geld(session, actor, aanvraag_id)
        aanvraag = get_or_404(session, Aanvraag, aanvraag_id, "Aanvraag")
        besluit = award_in_force(session, aanvraag)
        bestuur = aanvraag.school.bestuur
        if not bestuur.iban or iban_problem(bestuur.iban):
            raise StateError(
                f"Van {bestuur.naam} is nog geen geldig rekeningnummer (IBAN) bekend; leg dat "
                "eerst vast bij het schoolbestuur."
            )
        first = first_letter_day(session, aanvraag.id)
        v.check(
            day >= first,
            "datum",
            f"De betaling ligt vóór de dagtekening van de beschikking ({long_date(first)}).",
        )
        vaststelling = settlement_of(session, aanvraag.id)
        paid = paid_cents(session, aanvraag.id)
        if vaststelling is None:
            limit, grond = besluit.toegekend_cents, "toegekende bedrag"
            room = limit - paid
        else:
            limit, grond = vaststelling.vastgesteld_cents, "vastgestelde bedrag"
            room = limit - (paid - repaid_cents(session, vaststelling.id))
        v.check(
            data.bedrag_cents <= room,
            "bedrag",
            f"Met deze betaling komt er meer uit dan het {grond} van {money(limit)}: er kan nog "
            f"{money(max(0, room))} worden betaald.",
        )
        v.raise_if_any()
        betaling = Betaling(
            aanvraag_id=aanvraag.id,
            datum=day,
            bedrag_cents=data.bedrag_cents,
            referentie=referentie,
            iban=normalize_iban(bestuur.iban),
            vastgelegd_door_id=actor.id or None,
            vastgelegd_op=db.clock(),
        )
        session.add(betaling)
        audited_save(session, actor, "betaling", betaling, None, now=db.clock(), actie="betaald")
        return betaling.id


def _clean_account(v: Validator, data: VerantwoordingInput, today: date) -> VerantwoordingInput:
    def amount(kind: BestedingSoort) -> int:
        return invoer.cents(v, kind.column, kind.label, getattr(data, kind.column))

    return VerantwoordingInput(
        ontvangen_op=invoer.past_day(
            v,
            "ontvangen_op",
            "De datum van ontvangst",
            data.ontvangen_op,
            today,
            required="Vul in wanneer de verantwoording is ontvangen.",
        ),
        ondersteuning_cents=amount(BestedingSoort.ONDERSTEUNING),
        materialen_cents=amount(BestedingSoort.MATERIALEN),
        externe_expertise_cents=amount(BestedingSoort.EXTERNE_EXPERTISE),
        vso_expertise_cents=amount(BestedingSoort.VSO_EXPERTISE),
        gecontroleerd_op=invoer.past_day(
            v,
            "gecontroleerd_op",
            "De datum van de controle",
            data.gecontroleerd_op,
            today,
        ),
        opmerkingen=invoer.long_text(v, "opmerkingen", "De opmerkingen", data.opmerkingen),
        bijlage=invoer.text(v, "bijlage", "De bijlage", data.bijlage, max_len=300),
    )


@command("verantwoording.opslaan")
def save_verantwoording(
    db: Database,
    actor: Actor,
    aanvraag_id: int,
    data: VerantwoordingInput,
    *,
    versie: int | None = None,
) -> int:
    """Record (or correct, from the version the form loaded) the school's account of an award.
    Spending above the award in force is refused: a herziening must raise the award first. With
    ``gecontroleerd_op`` the actor is recorded as the one who checked it. Returns its id."""
    scope.require(actor, Recht.VERANTWOORDEN)
    v = Validator()
    data = _clean_account(v, data, db.clock().date())
    v.raise_if_any()
    assert data.ontvangen_op is not None
    total = sum(getattr(data, kind.column) for kind in BestedingSoort)
    with scope.transaction(db, actor, Recht.VERANTWOORDEN) as session:
        scope.require_geld(session, actor, aanvraag_id)
        aanvraag = get_or_404(session, Aanvraag, aanvraag_id, "Aanvraag")
        besluit = award_in_force(session, aanvraag)
        if settlement_of(session, aanvraag.id) is not None:
            raise StateError(
                f"Aanvraag {aanvraag.nummer} is al vastgesteld; de verantwoording verandert niet "
                "meer."
            )
        row = session.scalars(
            select(Verantwoording).where(Verantwoording.aanvraag_id == aanvraag.id)
        ).first()
        if row is not None:
            claim_version(session, row, versie, entiteit="verantwoording", wat="de verantwoording")
        first = first_letter_day(session, aanvraag.id)
        v.check(
            data.ontvangen_op >= first,
            "ontvangen_op",
            f"De verantwoording is ontvangen vóór de dagtekening van de beschikking "
            f"({long_date(first)}).",
        )
        if data.gecontroleerd_op is not None:
            v.check(
                data.gecontroleerd_op >= data.ontvangen_op,
                "gecontroleerd_op",
                "De controle ligt vóór de ontvangst van de verantwoording.",
            )
        v.check(
            total <= besluit.toegekend_cents,
            "bedrag",
            f"De verantwoorde uitgaven ({money(total)}) zijn hoger dan het toegekende bedrag "
            f"({money(besluit.toegekend_cents)}). Meer uitgeven dan is toegekend kan alleen als "
            "een herziening het toegekende bedrag eerst heeft verhoogd.",
        )
        v.raise_if_any()
        before = None if row is None else snapshot(row)
        if row is None:
            row = Verantwoording(aanvraag_id=aanvraag.id, ontvangen_op=data.ontvangen_op)
            session.add(row)
        row.ontvangen_op = data.ontvangen_op
        for kind in BestedingSoort:
            setattr(row, kind.column, getattr(data, kind.column))
        if data.gecontroleerd_op is None:
            row.gecontroleerd_op, row.gecontroleerd_door_id = None, None
        elif row.gecontroleerd_op != data.gecontroleerd_op or row.gecontroleerd_door_id is None:
            row.gecontroleerd_op, row.gecontroleerd_door_id = data.gecontroleerd_op, actor.id
        row.opmerkingen = data.opmerkingen
        row.bijlage = data.bijlage
        row.vastgelegd_op = db.clock()
        audited_save(session, actor, "verantwoording", row, before, now=db.clock())
        return row.id


@command("terugbetaling.vastleggen", entity="vaststelling", id_param="vaststelling_id")
def record_terugbetaling(
    db: Database,
    actor: Actor,
    vaststelling_id: int,
    data: BetalingInput,
    *,
    wijze: Afwikkeling = Afwikkeling.TERUGBETALEN,
) -> int:
    """Record money that came back on a settlement (transferred, or set off against a next
    award); never more than is still owed. When nothing is owed any more the account is closed.
    Returns its id."""
    scope.require(actor, Recht.BETALINGEN)
    v = Validator()
    day, referentie = _clean_money(v, data, db.clock().date(), "terugbetaling")
    kind = invoer.choice(v, "wijze", "De wijze", wijze, Afwikkeling)
    v.raise_if_any()
    assert kind is not None
    with scope.transaction(db, actor, Recht.BETALINGEN) as session:
        row = get_or_404(session, Vaststelling, vaststelling_id, "Vaststelling")
        owed = (
            paid_cents(session, row.aanvraag_id)
            - repaid_cents(session, row.id)
            - row.vastgesteld_cents
        )
        if owed <= 0:
            raise StateError(
                f"Op vaststelling {row.kenmerk} hoeft het schoolbestuur niets (meer) terug te betalen."
            )
        v.check(
            day >= row.briefdatum,
            "datum",
            f"De terugbetaling ligt vóór de vaststelling ({long_date(row.briefdatum)}).",
        )
        v.check(
            data.bedrag_cents <= owed,
            "bedrag",
            f"Het bedrag is hoger dan wat nog terug moet komen ({money(owed)}).",
        )
        v.raise_if_any()
        terug = Terugbetaling(
            vaststelling_id=row.id,
            datum=day,
            bedrag_cents=data.bedrag_cents,
            wijze=kind,
            referentie=referentie,
            vastgelegd_door_id=actor.id or None,
            vastgelegd_op=db.clock(),
        )
        session.add(terug)
        audited_save(
            session, actor, "terugbetaling", terug, None, now=db.clock(), actie="terugbetaald"
        )
        return terug.id
