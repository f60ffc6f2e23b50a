"""The mutating calls of the money after an award: record a payment, the school's account
(verantwoording), settle the award (vaststellen), issue its letter, and record a repayment.

Each call checks the role, validates everything before it writes, runs in one transaction and
leaves one audit entry; a refusal raises a ``KnownError`` and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, undefer

from swv_desktop.db import AUDIT_KEY, Database, lock_schooljaar
from swv_desktop.encryption import auditketen
from swv_desktop.errors import NotFound, StateError, Validator
from swv_desktop.formatting import long_date, money
from swv_desktop.models import (
    Aanvraag,
    Afwikkeling,
    Beschikking,
    Besluit,
    BestedingSoort,
    Betaling,
    Organisatie,
    Terugbetaling,
    Uitkomst,
    Vaststelling,
    Verantwoording,
)
from swv_desktop.reports.vaststelling import render_vaststelling
from swv_desktop.services import invoer, scope, toegangslog
from swv_desktop.services.bevriezen import freeze, frozen_bytes, refuse_reissue
from swv_desktop.services.budget import award_of
from swv_desktop.services.commands import command
from swv_desktop.services.common import (
    Actor,
    audited_save,
    claim_version,
    get_or_404,
    snapshot,
)
from swv_desktop.services.iban import iban_problem, normalize_iban
from swv_desktop.services.scope import Recht
from swv_desktop.services.verantwoording.brief import vaststelling_data
from swv_desktop.services.verantwoording.regels import afrekening, repayment_deadline

BETALING_ROLES = tuple(sorted(scope.RECHTEN[Recht.BETALINGEN]))
VERANTWOORDING_ROLES = tuple(sorted(scope.RECHTEN[Recht.VERANTWOORDEN]))
REISSUE = (
    "Een uitgegeven vaststellingsbrief verandert niet meer; een vergissing in de verantwoording "
    "wordt met het schoolbestuur verrekend."
)


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


def _settlement(session: Session, aanvraag_id: int) -> Vaststelling | None:
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
    with db.transaction() as session:
        scope.check(session, actor, Recht.BETALINGEN)
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
        vaststelling = _settlement(session, aanvraag.id)
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
        opmerkingen=invoer.text(
            v,
            "opmerkingen",
            "De opmerkingen",
            data.opmerkingen,
            max_len=invoer.LONG_TEXT,
            multiline=True,
        ),
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
    with db.transaction() as session:
        scope.check(session, actor, Recht.VERANTWOORDEN)
        scope.require_geld(session, actor, aanvraag_id)
        aanvraag = get_or_404(session, Aanvraag, aanvraag_id, "Aanvraag")
        besluit = award_in_force(session, aanvraag)
        if _settlement(session, aanvraag.id) is not None:
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
    toelichting = invoer.text(
        v,
        "toelichting",
        "De toelichting",
        data.toelichting,
        max_len=invoer.LONG_TEXT,
        multiline=True,
    )
    v.raise_if_any()
    assert day is not None and afwikkeling is not None
    with db.transaction() as session:
        scope.check(session, actor, Recht.VASTSTELLEN)
        scope.require_geld(session, actor, aanvraag_id)
        aanvraag = get_or_404(session, Aanvraag, aanvraag_id, "Aanvraag")
        besluit = award_in_force(session, aanvraag)
        if _settlement(session, aanvraag.id) is not None:
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
            toegekend_cents=som.toegekend_cents,
            besteed_cents=som.besteed_cents,
            vastgesteld_cents=som.vastgesteld_cents,
            betaald_cents=som.betaald_cents,
            terug_cents=som.terug_cents,
            afwikkeling=afwikkeling if som.terug_cents > 0 else Afwikkeling.TERUGBETALEN,
            terug_uiterlijk=repayment_deadline(day) if repay else None,
            toelichting=toelichting,
            vastgesteld_door_id=actor.id,
            vastgesteld_op=db.clock(),
        )
        session.add(row)
        audited_save(session, actor, "vaststelling", row, None, now=db.clock(), actie="vastgesteld")
        return VaststellingResult(row.id, kenmerk, som.vastgesteld_cents, som.terug_cents)


def _load_letter(session: Session, vaststelling_id: int) -> Vaststelling:
    row = session.scalars(
        select(Vaststelling)
        .options(undefer(Vaststelling.pdf))
        .where(Vaststelling.id == vaststelling_id)
    ).first()
    if row is None:
        raise NotFound(f"Vaststelling met nummer {vaststelling_id} bestaat niet (meer).")
    return row


def render_vaststelling_preview(db: Database, actor: Actor, vaststelling_id: int) -> bytes:
    """The settlement letter as it would be issued now (not frozen)."""
    scope.require(actor, Recht.GELD_INZIEN)
    with db.transaction() as session:
        scope.check(session, actor, Recht.GELD_INZIEN)
        scope.require_vaststelling(session, actor, vaststelling_id)
        toegangslog.vaststelling_bekeken(
            session, actor, vaststelling_id, now=db.clock(), wat="Voorbeeld van vaststellingsbrief"
        )
        row = get_or_404(session, Vaststelling, vaststelling_id, "Vaststelling")
        return render_vaststelling(vaststelling_data(session, row))


@command("vaststelling.uitgeven", online_only=True)
def issue_vaststelling(db: Database, actor: Actor, vaststelling_id: int) -> str:
    """Render and freeze the settlement letter (programmadirecteur); returns its kenmerk."""
    scope.require(actor, Recht.VASTSTELLEN)
    with db.transaction() as session:
        scope.check(session, actor, Recht.VASTSTELLEN)
        row = get_or_404(session, Vaststelling, vaststelling_id, "Vaststelling")
        refuse_reissue(row, "Vaststellingsbrief", REISSUE)
        pdf = render_vaststelling(vaststelling_data(session, row))
        kenmerk = freeze(
            db,
            session,
            actor,
            row,
            pdf,
            entiteit="vaststelling",
            wat="Vaststellingsbrief",
            correctie=REISSUE,
        )
        key = session.info.get(AUDIT_KEY)
        if key:  # what check compares the stored settlement with
            row.zegel = auditketen.settlement_seal(key, row)
        return kenmerk


def get_vaststelling_pdf(db: Database, actor: Actor, vaststelling_id: int) -> bytes:
    """The frozen bytes of an issued settlement letter (a reprint is byte-identical)."""
    scope.require(actor, Recht.GELD_INZIEN)
    with db.transaction() as session:
        scope.check(session, actor, Recht.GELD_INZIEN)
        scope.require_vaststelling(session, actor, vaststelling_id)
        toegangslog.vaststelling_bekeken(
            session, actor, vaststelling_id, now=db.clock(), wat="Vaststellingsbrief"
        )
        return frozen_bytes(_load_letter(session, vaststelling_id), "Vaststellingsbrief", db)


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
    with db.transaction() as session:
        scope.check(session, actor, Recht.BETALINGEN)
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
    with db.transaction() as session:
        scope.check(session, actor, Recht.BETALINGEN)
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
