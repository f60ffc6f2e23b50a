"""The money of one schooljaar in totals: awarded, paid, accounted, settled, repaid and still
open (SQL aggregates over the awards in force, also as it stood on a day), and the same per award
for a list or the Excel export. No pupil in it."""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select
from sqlalchemy import and_
from sqlalchemy import case
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import true
from sqlalchemy.orm import Session
from sqlalchemy.orm import aliased

from swv_desktop.db import Database
from swv_desktop.models import Aanvraag
from swv_desktop.models import Besluit
from swv_desktop.models import BestedingSoort
from swv_desktop.models import Betaling
from swv_desktop.models import School
from swv_desktop.models import Schooljaar
from swv_desktop.models import Terugbetaling
from swv_desktop.models import Uitkomst
from swv_desktop.models import Vaststelling
from swv_desktop.models import Verantwoording
from swv_desktop.reports.evaluatie_data import Afrekening
from swv_desktop.services import scope
from swv_desktop.services.budget import in_force
from swv_desktop.services.common import Actor
from swv_desktop.services.common import get_or_404
from swv_desktop.services.evaluatie.peil import Peil
from swv_desktop.services.scope import Recht


@dataclass(frozen=True)
class GeldOverzicht(Afrekening):
    """The money of one schooljaar, in cents: what the decisions in force awarded, what was
    paid, accounted, settled and repaid (``Afrekening``), with the year's budget, what the SWV
    still pays and how many accounts came in. ``benut_cents`` takes the settled amount where there is
    one and the award otherwise (what the budget meter and the evaluation use)."""

    schooljaar_id: int
    label: str
    budget_cents: int
    nog_te_betalen_cents: int
    verantwoordingen: int

    @property
    def open_cents(self) -> int:
        """Still open: awarded and not yet settled, plus what must still come back."""
        return self.nog_vast_te_stellen_cents + self.terug_te_ontvangen_cents


def _sum(column: Any) -> Any:
    return func.coalesce(func.sum(column), 0)


def _per_award(schooljaar_id: int, tot: date | None = None) -> Select[Any]:
    """One row per award in force of the schooljaar with its paid, accounted, settled, repaid;
    with ``tot``: as it stood at the end of that day (by the dates of payments, accounts,
    settlement letters and repayments)."""
    upto = (lambda column: column <= tot) if tot is not None else (lambda _column: true())
    paid = (
        select(_sum(Betaling.bedrag_cents))
        .where(Betaling.aanvraag_id == Aanvraag.id, upto(Betaling.datum))
        .correlate(Aanvraag)
        .scalar_subquery()
    )
    repaid = (
        select(_sum(Terugbetaling.bedrag_cents))
        .join(Vaststelling, Vaststelling.id == Terugbetaling.vaststelling_id)
        .where(Vaststelling.aanvraag_id == Aanvraag.id, upto(Terugbetaling.datum))
        .correlate(Aanvraag)
        .scalar_subquery()
    )
    grens = Peil(tot).grens if tot is not None else None
    spent = functools.reduce(
        operator.add, [func.coalesce(getattr(Verantwoording, k.column), 0) for k in BestedingSoort]
    )
    return (
        select(
            Aanvraag.id.label("aanvraag_id"),
            Besluit.toegekend_cents.label("toegekend"),
            paid.label("betaald"),
            spent.label("verantwoord"),
            Verantwoording.id.label("verantwoording_id"),
            Vaststelling.vastgesteld_cents.label("vastgesteld"),
            repaid.label("terugbetaald"),
        )
        .join(Besluit, Besluit.aanvraag_id == Aanvraag.id)
        .outerjoin(
            Verantwoording,
            and_(Verantwoording.aanvraag_id == Aanvraag.id, upto(Verantwoording.ontvangen_op)),
        )
        .outerjoin(
            Vaststelling,
            and_(Vaststelling.aanvraag_id == Aanvraag.id, upto(Vaststelling.briefdatum)),
        )
        .where(
            Aanvraag.schooljaar_id == schooljaar_id,
            in_force(grens),
            Besluit.uitkomst != Uitkomst.AFGEWEZEN,
        )
    )


def geld_overzicht_in(
    session: Session, jaar: Schooljaar, *, tot: date | None = None
) -> GeldOverzicht:
    """``geld_overzicht`` inside an open session (with ``tot``: at the end of that day)."""
    award = _per_award(jaar.id, tot).subquery()
    settled = award.c.vastgesteld.is_not(None)
    saldo = award.c.betaald - award.c.terugbetaald - award.c.vastgesteld
    row = (
        session.execute(
            select(
                _sum(award.c.toegekend).label("toegekend_cents"),
                _sum(award.c.betaald).label("betaald_cents"),
                _sum(award.c.verantwoord).label("verantwoord_cents"),
                _sum(award.c.vastgesteld).label("vastgesteld_cents"),
                _sum(case((settled, award.c.toegekend), else_=0)).label(
                    "toegekend_vastgesteld_cents"
                ),
                _sum(award.c.terugbetaald).label("terugbetaald_cents"),
                _sum(case((settled & (saldo > 0), saldo), else_=0)).label(
                    "terug_te_ontvangen_cents"
                ),
                _sum(case((settled & (saldo < 0), -saldo), else_=0)).label("nog_te_betalen_cents"),
                func.count(award.c.aanvraag_id).label("toekenningen"),
                func.count(award.c.verantwoording_id).label("verantwoordingen"),
                func.count(award.c.vastgesteld).label("vaststellingen"),
            )
        )
        .mappings()
        .one()
    )
    return GeldOverzicht(
        schooljaar_id=jaar.id,
        label=jaar.label,
        budget_cents=jaar.budget_cents,
        **{name: int(value or 0) for name, value in row.items()},
    )


def geld_overzicht(db: Database, actor: Actor, schooljaar_id: int) -> GeldOverzicht:
    """Awarded, paid, accounted, settled, repaid and still open for one schooljaar (totals, no
    pupil: programmadirecteur and secretariaat)."""
    with scope.read(db, actor, Recht.GELD_OVERZICHT) as session:
        jaar = get_or_404(session, Schooljaar, schooljaar_id, "Schooljaar")
        return geld_overzicht_in(session, jaar)


@dataclass(frozen=True)
class GeldRij:
    """One award's money in a list or the Excel export (cents; ``vastgesteld`` ``None`` when not
    settled)."""

    nummer: str
    school: str
    soort: str
    toegekend_cents: int
    betaald_cents: int
    verantwoord_cents: int | None
    vastgesteld_cents: int | None
    terugbetaald_cents: int
    kenmerk: str


def geld_rijen_in(session: Session, schooljaar_id: int) -> list[GeldRij]:
    """One row per award in force of a schooljaar, by aanvraag number."""
    award = _per_award(schooljaar_id).subquery()
    kenmerk = aliased(Vaststelling)
    rows = session.execute(
        select(
            Aanvraag.nummer,
            School.naam.label("school"),
            Aanvraag.soort,
            award.c.toegekend,
            award.c.betaald,
            award.c.verantwoord,
            award.c.verantwoording_id,
            award.c.vastgesteld,
            award.c.terugbetaald,
            kenmerk.kenmerk,
        )
        .join(award, award.c.aanvraag_id == Aanvraag.id)
        .join(School, School.id == Aanvraag.school_id)
        .outerjoin(kenmerk, kenmerk.aanvraag_id == Aanvraag.id)
        .order_by(Aanvraag.nummer)
    ).mappings()
    return [
        GeldRij(
            nummer=row["nummer"],
            school=row["school"],
            soort=row["soort"].label,
            toegekend_cents=int(row["toegekend"]),
            betaald_cents=int(row["betaald"] or 0),
            verantwoord_cents=(
                None if row["verantwoording_id"] is None else int(row["verantwoord"] or 0)
            ),
            vastgesteld_cents=None if row["vastgesteld"] is None else int(row["vastgesteld"]),
            terugbetaald_cents=int(row["terugbetaald"] or 0),
            kenmerk=row["kenmerk"] or "",
        )
        for row in rows
    ]
