"""Further figures of the evaluation: outcomes broken down by instroomroute, niveau and leerjaar,
distinct pupils next to pupil-years, schools and boards that never applied, pending applications
for the forecast, and the programmadirecteur's answers per monitoring question.

A pupil's instroomroute, niveau and leerjaar are those recorded now (the bureau keeps no history
of them); the report says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy import Subquery
from sqlalchemy import and_
from sqlalchemy import exists
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import true
from sqlalchemy.orm import Session

from swv_desktop.models import Aanvraag
from swv_desktop.models import Besluit
from swv_desktop.models import EvaluatieAntwoord
from swv_desktop.models import Instroomroute
from swv_desktop.models import Leerling
from swv_desktop.models import LeerlingResultaat
from swv_desktop.models import LeerlingUitkomst
from swv_desktop.models import School
from swv_desktop.models import Schoolbestuur
from swv_desktop.models import Status
from swv_desktop.models import Uitkomst
from swv_desktop.reports.evaluatie_data import VRAGEN
from swv_desktop.reports.evaluatie_data import EvaluatieSoort
from swv_desktop.reports.evaluatie_data import UitkomstRij
from swv_desktop.services.budget import in_force
from swv_desktop.services.evaluatie.peil import Peil

PENDING = (Status.INGEDIEND, Status.BESPROKEN, Status.TER_BESLUITVORMING)
DECIDED = (Status.TOEGEKEND, Status.GEDEELTELIJK_TOEGEKEND, Status.AFGEWEZEN)


def breakdowns(
    session: Session, leerling_years: Subquery, peil: Peil | None = None
) -> tuple[list[UitkomstRij], list[UitkomstRij], list[UitkomstRij]]:
    """Reached pupil-years by instroomroute, niveau and leerjaar, each with its outcomes."""
    rows = session.execute(
        select(
            Leerling.instroomroute, Leerling.niveau, Leerling.leerjaar, LeerlingUitkomst.resultaat
        )
        .select_from(leerling_years)
        .join(Leerling, Leerling.id == leerling_years.c.leerling_id)
        .outerjoin(
            LeerlingUitkomst,
            and_(
                LeerlingUitkomst.leerling_id == leerling_years.c.leerling_id,
                LeerlingUitkomst.schooljaar_id == leerling_years.c.schooljaar_id,
                LeerlingUitkomst.vastgelegd_op < peil.grens if peil else true(),
            ),
        )
    ).all()

    def group(key_of: Any, order: Sequence[Any] | None, label_of: Any) -> list[UitkomstRij]:
        acc: dict[Any, list[int]] = {}
        for row in rows:
            counts = acc.setdefault(key_of(row), [0, 0, 0, 0])
            counts[0] += 1
            if row.resultaat is LeerlingResultaat.REGULIER_VO:
                counts[1] += 1
            elif row.resultaat is LeerlingResultaat.VERWEZEN_VSO:
                counts[2] += 1
            elif row.resultaat is LeerlingResultaat.ANDERS:
                counts[3] += 1
        keys = list(order) if order is not None else sorted(acc, key=str)
        return [UitkomstRij(label_of(k), *acc.get(k, [0, 0, 0, 0])) for k in keys]

    return (
        group(lambda r: r.instroomroute, list(Instroomroute), lambda k: k.label),
        group(lambda r: (r.niveau or "onbekend").strip(), None, str),
        group(lambda r: r.leerjaar, None, lambda k: f"Leerjaar {k}"),
    )


def distinct_pupils(session: Session, reached: Subquery) -> int:
    """Pupils reached in any year of the report, each counted once."""
    inner = select(reached.c.leerling_id).distinct().subquery("uniek")
    return int(session.scalar(select(func.count()).select_from(inner)) or 0)


def never_applied(
    session: Session, ids: Sequence[int], peil: Peil | None = None
) -> tuple[int, int, list[str], list[str]]:
    """(schools, boards, schools without any aanvraag, boards without any) in these years."""
    applied = (
        select(Aanvraag.school_id)
        .where(
            Aanvraag.schooljaar_id.in_(ids),
            Aanvraag.status != Status.CONCEPT,
            Aanvraag.aanvraagdatum <= peil.dag if peil else true(),
        )
        .distinct()
    )
    schools = session.execute(
        select(School.naam, School.bestuur_id, School.id.in_(applied).label("used")).order_by(
            School.naam
        )
    ).all()
    boards = session.execute(select(Schoolbestuur.id, Schoolbestuur.naam)).all()
    active_boards = {row.bestuur_id for row in schools if row.used}
    return (
        len(schools),
        len(boards),
        [row.naam for row in schools if not row.used],
        sorted(row.naam for row in boards if row.id not in active_boards),
    )


def pending_and_ratio(
    session: Session, ids: Sequence[int], peil: Peil | None = None
) -> tuple[int, int, float]:
    """Pending aanvragen (count, requested cents) and the award ratio of the decided ones. At a
    peildatum: those dated by then without a decision by then (unless withdrawn or still a
    concept now)."""
    pending: ColumnElement[bool]
    if peil is None:
        pending = Aanvraag.status.in_(PENDING)
    else:
        decided = exists().where(Besluit.aanvraag_id == Aanvraag.id, in_force(peil.grens))
        pending = and_(
            Aanvraag.status.in_((*PENDING, *DECIDED)),
            Aanvraag.aanvraagdatum <= peil.dag,
            ~decided,
        )
    open_ = session.execute(
        select(
            func.count(Aanvraag.id).label("n"),
            func.coalesce(func.sum(Aanvraag.aangevraagd_cents), 0).label("cents"),
        ).where(Aanvraag.schooljaar_id.in_(ids), pending)
    ).one()
    decided_sums = session.execute(
        select(
            func.coalesce(func.sum(Aanvraag.aangevraagd_cents), 0).label("requested"),
            func.coalesce(
                func.sum(Besluit.toegekend_cents).filter(Besluit.uitkomst != Uitkomst.AFGEWEZEN),
                0,
            ).label("awarded"),
        )
        .select_from(Aanvraag)
        .join(
            Besluit,
            and_(Besluit.aanvraag_id == Aanvraag.id, in_force(peil.grens if peil else None)),
        )
        .where(
            Aanvraag.schooljaar_id.in_(ids),
            Aanvraag.aanvraagdatum <= peil.dag if peil else true(),
        )
    ).one()
    requested, awarded = decided_sums.requested, decided_sums.awarded
    ratio = float(awarded) / float(requested) if requested else 1.0
    return int(open_.n), int(open_.cents), ratio


def answers(session: Session, jaar_id: int, soort: EvaluatieSoort) -> list[tuple[str, str]]:
    """The programmadirecteur's answers per monitoring question, in question order."""
    found = {
        row.vraag: row.tekst
        for row in session.scalars(
            select(EvaluatieAntwoord).where(
                EvaluatieAntwoord.schooljaar_id == jaar_id, EvaluatieAntwoord.soort == soort
            )
        )
    }
    return [(key, found.get(key, "")) for key in VRAGEN]
