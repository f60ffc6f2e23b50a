"""Settling an award (vaststellen) and its letter: settle at the checked account, show the letter
as it would be issued, issue and freeze it, reprint it, record the day it was sent. The
payments, the account and the repayments are in ``betalingen``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from swv_desktop.db import Database
from swv_desktop.db import lock_schooljaar
from swv_desktop.encryption import auditketen
from swv_desktop.errors import StateError
from swv_desktop.errors import Validator
from swv_desktop.formatting import long_date
from swv_desktop.formatting import money
from swv_desktop.models import Aanvraag
from swv_desktop.models import Afwikkeling
from swv_desktop.models import Organisatie
from swv_desktop.models import Vaststelling
from swv_desktop.models import Verantwoording
from swv_desktop.reports.vaststelling import render_vaststelling
from swv_desktop.services import invoer
from swv_desktop.services import scope
from swv_desktop.services.bevriezen import _letter_seen
from swv_desktop.services.bevriezen import freeze
from swv_desktop.services.bevriezen import frozen_bytes
from swv_desktop.services.bevriezen import load_letter
from swv_desktop.services.bevriezen import refuse_reissue
from swv_desktop.services.commands import command
from swv_desktop.services.common import Actor
from swv_desktop.services.common import audited_save
from swv_desktop.services.common import get_or_404
from swv_desktop.services.common import snapshot
from swv_desktop.services.scope import Recht
from swv_desktop.services.verantwoording.betalingen import award_in_force
from swv_desktop.services.verantwoording.betalingen import paid_cents
from swv_desktop.services.verantwoording.betalingen import settlement_of
from swv_desktop.services.verantwoording.brief import vaststelling_data
from swv_desktop.services.verantwoording.regels import afrekening
from swv_desktop.services.verantwoording.regels import bedragen
from swv_desktop.services.verantwoording.regels import repayment_deadline

BETALING_ROLES = tuple(sorted(scope.RECHTEN[Recht.BETALINGEN]))


VERANTWOORDING_ROLES = tuple(sorted(scope.RECHTEN[Recht.VERANTWOORDEN]))


REISSUE = (
    "Een uitgegeven vaststellingsbrief verandert niet meer; een vergissing in de verantwoording "
    "wordt met het schoolbestuur verrekend."
)


@dataclass
class VaststellingInput:
    """The settlement: the letter's date, what happens with unspent money, an explanation."""

    briefdatum: date | None
    afwikkeling: Afwikkeling = Afwikkeling.TERUGBETALEN
    toelichting: str = ""


@dataclass(frozen=True)
class VaststellingResult:
    """What a settlement produced; ``terug_cents`` negative: the SWV still pays."""

    vaststelling_id: int
    kenmerk: str
    vastgesteld_cents: int
    terug_cents: int


def _kenmerk(session: Session, jaar_id: int, start_year: int) -> tuple[int, str]:
    org = session.scalars(select(Organisatie)).first()
    prefix = org.kenmerk_prefix if org else "MWB"
    last = session.scalar(
        select(func.max(Vaststelling.volgnummer)).where(Vaststelling.schooljaar_id == jaar_id)
    )
    volgnummer = (last or 0) + 1
    return volgnummer, f"{prefix}-{start_year}-V{volgnummer:03d}"


@command("vaststelling.maken", online_only=True)
def vaststellen(
    db: Database, actor: Actor, aanvraag_id: int, data: VaststellingInput
) -> VaststellingResult:
    """Settle an award at the checked account (programmadirecteur): the unspent part that was
    paid is repaid within six weeks or set off against a next award; an unpaid part the SWV
    still pays. Creates the settlement letter (issued with ``issue_vaststelling``)."""
    scope.require(actor, Recht.VASTSTELLEN)
    v = Validator()
    day = invoer.past_day(
        v,
        "briefdatum",
        "De dagtekening",
        data.briefdatum,
        db.clock().date(),
        required="Vul de dagtekening van de vaststellingsbrief in.",
    )
    afwikkeling = invoer.choice(v, "afwikkeling", "De afwikkeling", data.afwikkeling, Afwikkeling)
    toelichting = invoer.long_text(v, "toelichting", "De toelichting", data.toelichting)
    v.raise_if_any()
    assert day is not None and afwikkeling is not None
    with scope.transaction(db, actor, Recht.VASTSTELLEN) as session:
        scope.require_geld(session, actor, aanvraag_id)
        aanvraag = get_or_404(session, Aanvraag, aanvraag_id, "Aanvraag")
        besluit = award_in_force(session, aanvraag)
        if settlement_of(session, aanvraag.id) is not None:
            raise StateError(f"Aanvraag {aanvraag.nummer} is al vastgesteld.")
        account = session.scalars(
            select(Verantwoording).where(Verantwoording.aanvraag_id == aanvraag.id)
        ).first()
        if account is None or account.gecontroleerd_op is None:
            raise StateError(
                f"Van aanvraag {aanvraag.nummer} is nog geen gecontroleerde verantwoording; "
                "vaststellen kan pas als de verantwoording is ontvangen en gecontroleerd."
            )
        if account.besteed_cents > besluit.toegekend_cents:
            raise StateError(
                f"De verantwoording ({money(account.besteed_cents)}) is hoger dan het bedrag dat "
                f"nu geldt ({money(besluit.toegekend_cents)}), na een herziening; pas de "
                "verantwoording eerst aan."
            )
        v.check(
            day >= account.gecontroleerd_op,
            "briefdatum",
            "De dagtekening ligt vóór de controle van de verantwoording "
            f"({long_date(account.gecontroleerd_op)}).",
        )
        v.raise_if_any()
        lock_schooljaar(session, aanvraag.schooljaar_id)  # the volgnummer
        som = afrekening(
            besluit.toegekend_cents, account.besteed_cents, paid_cents(session, aanvraag.id)
        )
        volgnummer, kenmerk = _kenmerk(
            session, aanvraag.schooljaar_id, aanvraag.schooljaar.start_datum.year
        )
        repay = som.terug_cents > 0 and afwikkeling is Afwikkeling.TERUGBETALEN
        row = Vaststelling(
            aanvraag_id=aanvraag.id,
            besluit_id=besluit.id,
            schooljaar_id=aanvraag.schooljaar_id,
            volgnummer=volgnummer,
            kenmerk=kenmerk,
            briefdatum=day,
            **bedragen(som),
            afwikkeling=afwikkeling if som.terug_cents > 0 else Afwikkeling.TERUGBETALEN,
            terug_uiterlijk=repayment_deadline(day) if repay else None,
            toelichting=toelichting,
            vastgesteld_door_id=actor.id,
            vastgesteld_op=db.clock(),
        )
        session.add(row)
        audited_save(session, actor, "vaststelling", row, None, now=db.clock(), actie="vastgesteld")
        return VaststellingResult(row.id, kenmerk, som.vastgesteld_cents, som.terug_cents)


def render_vaststelling_preview(db: Database, actor: Actor, vaststelling_id: int) -> bytes:
    """The settlement letter as it would be issued now (not frozen)."""
    with _letter_seen(
        db, actor, Vaststelling, vaststelling_id, "Voorbeeld van vaststellingsbrief"
    ) as session:
        row = get_or_404(session, Vaststelling, vaststelling_id, "Vaststelling")
        return render_vaststelling(vaststelling_data(session, row))


@command("vaststelling.uitgeven", online_only=True)
def issue_vaststelling(db: Database, actor: Actor, vaststelling_id: int) -> str:
    """Render and freeze the settlement letter (programmadirecteur); returns its kenmerk."""
    with scope.transaction(db, actor, Recht.VASTSTELLEN) as session:
        row = get_or_404(session, Vaststelling, vaststelling_id, "Vaststelling")
        refuse_reissue(row, "Vaststellingsbrief", REISSUE)
        pdf = render_vaststelling(vaststelling_data(session, row))
        return freeze(
            db,
            session,
            actor,
            row,
            pdf,
            entiteit="vaststelling",
            wat="Vaststellingsbrief",
            correctie=REISSUE,
            seal=lambda key: auditketen.settlement_seal(key, row),
        )


def get_vaststelling_pdf(db: Database, actor: Actor, vaststelling_id: int) -> bytes:
    """The frozen bytes of an issued settlement letter (a reprint is byte-identical)."""
    with _letter_seen(db, actor, Vaststelling, vaststelling_id, "Vaststellingsbrief") as session:
        return frozen_bytes(
            load_letter(session, Vaststelling, vaststelling_id, "Vaststelling"),
            "Vaststellingsbrief",
            db,
        )


@command("vaststelling.verzonden", entity="vaststelling", id_param="vaststelling_id")
def mark_vaststelling_sent(
    db: Database, actor: Actor, vaststelling_id: int, verzonden_op: date
) -> None:
    """Record the date the settlement letter was sent (issued letters only)."""
    scope.require(actor, Recht.BETALINGEN)
    v = Validator()
    day = invoer.sent_day(v, verzonden_op, db.clock().date())
    v.raise_if_any()
    assert day is not None
    with scope.transaction(db, actor, Recht.BETALINGEN) as session:
        row = get_or_404(session, Vaststelling, vaststelling_id, "Vaststelling")
        if row.uitgegeven_op is None:
            raise StateError(f"Vaststellingsbrief {row.kenmerk} is nog niet uitgegeven.")
        v.check(
            day >= row.briefdatum,
            "verzonden_op",
            f"De verzenddatum ligt vóór de dagtekening ({long_date(row.briefdatum)}).",
        )
        v.raise_if_any()
        before = snapshot(row)
        row.verzonden_op = day
        audited_save(session, actor, "vaststelling", row, before, now=db.clock(), actie="verzonden")
