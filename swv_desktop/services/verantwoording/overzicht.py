"""Reading the money after an award: one award's payments, account and settlement, and the
accounts that are overdue. The totals of a schooljaar are in ``geldoverzicht``."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import date

from sqlalchemy import select

from swv_desktop.db import Database
from swv_desktop.models import Aanvraag
from swv_desktop.models import Afwikkeling
from swv_desktop.models import Besluit
from swv_desktop.models import BestedingSoort
from swv_desktop.models import Betaling
from swv_desktop.models import Soort
from swv_desktop.models import Uitkomst
from swv_desktop.models import Vaststelling
from swv_desktop.models import Verantwoording
from swv_desktop.services import scope
from swv_desktop.services import toegangslog
from swv_desktop.services.beschikkingen.onderdelen import VERANTWOORDING_TERMIJN_DAGEN
from swv_desktop.services.budget import award_of
from swv_desktop.services.common import Actor
from swv_desktop.services.common import get_or_404
from swv_desktop.services.common import plain
from swv_desktop.services.iban import format_iban
from swv_desktop.services.queries.due import DuePage
from swv_desktop.services.queries.due import DueRule
from swv_desktop.services.queries.due import OverdueRow
from swv_desktop.services.queries.due import due_awards
from swv_desktop.services.scope import Recht
from swv_desktop.services.verantwoording.regels import Stand
from swv_desktop.services.verantwoording.regels import accounting_deadline
from swv_desktop.services.verantwoording.regels import stand

INZIEN_ROLES = tuple(sorted(scope.RECHTEN[Recht.GELD_INZIEN]))
REMINDER_ROLES = tuple(sorted(scope.RECHTEN[Recht.VERANTWOORDEN]))


@dataclass(frozen=True)
class GeldRegel:
    """A payment or a repayment."""

    id: int
    datum: date
    bedrag_cents: int
    referentie: str
    wijze: str = ""
    """A repayment: how it came back, as shown ("Terugbetaling ontvangen")."""


@dataclass(frozen=True)
class VerantwoordingView:
    """The school's account as a form loads it (``versie`` to save against)."""

    id: int
    versie: int
    ontvangen_op: date
    bedragen: dict[BestedingSoort, int]
    gecontroleerd_op: date | None
    gecontroleerd_door: str
    opmerkingen: str
    bijlage: str

    @property
    def besteed_cents(self) -> int:
        return sum(self.bedragen.values())


@dataclass(frozen=True)
class VaststellingView:
    """A settlement and its letter's state."""

    id: int
    kenmerk: str
    briefdatum: date
    vastgesteld_cents: int
    terug_cents: int
    afwikkeling: Afwikkeling
    terug_uiterlijk: date | None
    uitgegeven: bool
    verzonden_op: date | None


@dataclass
class Geldstroom:
    """Everything about the money of one award. Amounts in cents; ``saldo_cents`` is paid minus
    repaid minus settled (positive: the board owes; negative: the SWV still pays)."""

    aanvraag_id: int
    nummer: str
    soort: Soort
    school: str
    bestuur: str
    iban: str
    leerlingnummer: str
    toegekend_cents: int
    due: date
    stand: Stand
    betalingen: list[GeldRegel] = field(default_factory=list)
    verantwoording: VerantwoordingView | None = None
    vaststelling: VaststellingView | None = None
    terugbetalingen: list[GeldRegel] = field(default_factory=list)

    @property
    def betaald_cents(self) -> int:
        return sum(b.bedrag_cents for b in self.betalingen)

    @property
    def terugbetaald_cents(self) -> int:
        return sum(t.bedrag_cents for t in self.terugbetalingen)

    @property
    def saldo_cents(self) -> int:
        if self.vaststelling is None:
            return 0
        return self.betaald_cents - self.terugbetaald_cents - self.vaststelling.vastgesteld_cents


def geldstroom(db: Database, actor: Actor, aanvraag_id: int) -> Geldstroom | None:
    """The money of one aanvraag (``None`` without an award in force); the view is logged."""
    scope.require(actor, Recht.GELD_INZIEN)
    today = db.clock().date()
    with scope.transaction(db, actor, Recht.GELD_INZIEN) as session:
        scope.require_geld(session, actor, aanvraag_id)
        aanvraag = get_or_404(session, Aanvraag, aanvraag_id, "Aanvraag")
        besluit = award_of(session, aanvraag.id)
        if besluit is None or besluit.uitkomst is Uitkomst.AFGEWEZEN:
            return None
        bestuur = aanvraag.school.bestuur
        result = Geldstroom(
            aanvraag_id=aanvraag.id,
            nummer=aanvraag.nummer,
            soort=aanvraag.soort,
            school=aanvraag.school.naam,
            bestuur=bestuur.naam,
            iban=format_iban(bestuur.iban) if bestuur.iban else "",
            leerlingnummer=aanvraag.leerling.leerlingnummer if aanvraag.leerling else "",
            toegekend_cents=besluit.toegekend_cents,
            due=accounting_deadline(besluit.periode_eind),
            stand=Stand.WACHT,
        )
        result.betalingen = [
            GeldRegel(b.id, b.datum, b.bedrag_cents, b.referentie)
            for b in session.scalars(
                select(Betaling)
                .where(Betaling.aanvraag_id == aanvraag.id)
                .order_by(Betaling.datum, Betaling.id)
            )
        ]
        account = session.scalars(
            select(Verantwoording).where(Verantwoording.aanvraag_id == aanvraag.id)
        ).first()
        if account is not None:
            result.verantwoording = plain(
                VerantwoordingView,
                account,
                bedragen={k: int(getattr(account, k.column)) for k in BestedingSoort},
                gecontroleerd_door=account.gecontroleerd_door.volledige_naam
                if account.gecontroleerd_door
                else "",
            )
        settled = session.scalars(
            select(Vaststelling).where(Vaststelling.aanvraag_id == aanvraag.id)
        ).first()
        if settled is not None:
            result.vaststelling = plain(
                VaststellingView, settled, uitgegeven=settled.uitgegeven_op is not None
            )
            result.terugbetalingen = [
                GeldRegel(
                    t.id,
                    t.datum,
                    t.bedrag_cents,
                    t.referentie,
                    "Verrekend met een volgende toekenning"
                    if t.wijze is Afwikkeling.VERREKENEN
                    else "Terugbetaling ontvangen",
                )
                for t in settled.terugbetalingen
            ]
        result.stand = stand(
            due=result.due,
            today=today,
            ontvangen=account is not None,
            gecontroleerd=account is not None and account.gecontroleerd_op is not None,
            vastgesteld=settled is not None,
            saldo_cents=result.saldo_cents,
        )
        toegangslog.aanvraag_bekeken(session, actor, aanvraag.id, now=db.clock(), geld=True)
        return result


OverdueAccountRow = OverdueRow
"""An award whose account (verantwoording) is overdue: the same row as an overdue talk."""


def _account_rule() -> DueRule:
    """The account's due date: six weeks after the end of the period, on a working day (as the
    beschikking says), for the awards whose account has not come in."""
    return DueRule(
        key=Besluit.periode_eind,
        due_of=accounting_deadline,
        offset_days=VERANTWOORDING_TERMIJN_DAGEN,
        narrow=lambda query: query.outerjoin(
            Verantwoording, Verantwoording.aanvraag_id == Aanvraag.id
        ).where(Verantwoording.id.is_(None)),
    )


def verantwoordingen_due(
    db: Database,
    actor: Actor,
    today: date,
    contactpersoon_id: int | None = None,
    limit: int | None = None,
) -> DuePage:
    """The awards whose account fell due before ``today`` and has not come in, most overdue
    first, as far as ``actor`` may see them (a contactpersoon: her schools); for one
    contactpersoon when ``contactpersoon_id`` is given; with ``limit`` the first ``limit`` rows
    and the total."""
    with scope.read(db, actor, Recht.VERANTWOORDEN) as session:
        return due_awards(
            session,
            actor,
            _account_rule(),
            today=today,
            before=today,
            contactpersoon_id=contactpersoon_id,
            limit=limit,
        )


def overdue_verantwoordingen(
    db: Database, actor: Actor, today: date, contactpersoon_id: int | None = None
) -> list[OverdueAccountRow]:
    """Every award whose account fell due before ``today`` and has not come in, most overdue
    first (``verantwoordingen_due`` without a limit)."""
    return verantwoordingen_due(db, actor, today, contactpersoon_id).rows
