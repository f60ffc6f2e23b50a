"""The figures of the evaluation reports, each from one SQL aggregate over the decisions in force.

Definitions (also stated in the report): an *aanvraag* counts once it has left the concept stage;
an *award* is a decision in force (not replaced by a herziening) that is not a refusal; the
awarded amount is the sum of those decisions (the same sum as the budget overview); a pupil is
*reached* in a year when an individual award or an awarded group approach names them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy import Select
from sqlalchemy import Subquery
from sqlalchemy import and_
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import true
from sqlalchemy import union
from sqlalchemy.orm import Session

from swv_desktop.models import Aanvraag
from swv_desktop.models import Beoordeling
from swv_desktop.models import Besluit
from swv_desktop.models import BudgetNotitie
from swv_desktop.models import Doel
from swv_desktop.models import EvaluatieTekst
from swv_desktop.models import Groepsplan
from swv_desktop.models import GroepsplanLeerling
from swv_desktop.models import LeerlingResultaat
from swv_desktop.models import LeerlingUitkomst
from swv_desktop.models import Organisatie
from swv_desktop.models import School
from swv_desktop.models import Schoolbestuur
from swv_desktop.models import Schooljaar
from swv_desktop.models import Soort
from swv_desktop.models import Status
from swv_desktop.models import Uitkomst
from swv_desktop.models import Voortgangsgesprek
from swv_desktop.models import VsoBetrokkenheid
from swv_desktop.reports.evaluatie_data import EvaluatieCijfers
from swv_desktop.reports.evaluatie_data import EvaluatieSoort
from swv_desktop.reports.evaluatie_data import GebruikRij
from swv_desktop.reports.evaluatie_data import GeldJaar
from swv_desktop.reports.evaluatie_data import JaarBudget
from swv_desktop.reports.evaluatie_data import SoortRij
from swv_desktop.reports.evaluatie_data import Telling
from swv_desktop.services.budget import in_force
from swv_desktop.services.budget import note_row
from swv_desktop.services.common import plain
from swv_desktop.services.evaluatie.peil import Peil
from swv_desktop.services.evaluatie.verdeling import answers
from swv_desktop.services.evaluatie.verdeling import breakdowns
from swv_desktop.services.evaluatie.verdeling import distinct_pupils
from swv_desktop.services.evaluatie.verdeling import never_applied
from swv_desktop.services.evaluatie.verdeling import pending_and_ratio
from swv_desktop.services.verantwoording.geldoverzicht import GeldOverzicht
from swv_desktop.services.verantwoording.geldoverzicht import geld_overzicht_in
from swv_desktop.services.vso_expertise import register_figures

NOT_RECORDED = "Nog niet vastgelegd"


def _decided_join(peil: Peil | None) -> Select:  # type: ignore[type-arg]
    """Aanvragen (past concept) with their decision in force (at the peildatum), if any."""
    return select(Aanvraag).outerjoin(
        Besluit, and_(Besluit.aanvraag_id == Aanvraag.id, _in_force(peil))
    )


def _in_force(peil: Peil | None) -> ColumnElement[bool]:
    return in_force(peil.grens if peil else None)


def _usage_columns() -> list[Any]:
    awarded = Besluit.uitkomst != Uitkomst.AFGEWEZEN
    return [
        func.count(Aanvraag.id).label("aanvragen"),
        func.count(Besluit.id).filter(awarded).label("toegekend"),
        func.count(Besluit.id).filter(Besluit.uitkomst == Uitkomst.AFGEWEZEN).label("afgewezen"),
        func.coalesce(func.sum(Aanvraag.aangevraagd_cents), 0).label("aangevraagd_cents"),
        func.coalesce(func.sum(Besluit.toegekend_cents), 0).label("toegekend_cents"),
    ]


def _usage_by(session: Session, column: Any, ids: Sequence[int], peil: Peil | None) -> list[Any]:
    """The ``_usage_columns`` of the decided applications of these years per value of
    ``column`` (each row also holds that value, by the column's name)."""
    return list(
        session.execute(
            _decided_join(peil)
            .with_only_columns(column, *_usage_columns())
            .where(_in_years(ids, peil))
            .group_by(column)
        ).all()
    )


def _in_years(ids: Sequence[int], peil: Peil | None):  # type: ignore[no-untyped-def]
    """Aanvragen of these years past concept (and dated on or before the peildatum)."""
    where = and_(Aanvraag.schooljaar_id.in_(ids), Aanvraag.status != Status.CONCEPT)
    return and_(where, Aanvraag.aanvraagdatum <= peil.dag) if peil else where


def _reached(ids: Sequence[int], peil: Peil | None) -> Subquery:
    """(schooljaar_id, school_id, leerling_id) of every pupil reached by an award."""
    award = and_(
        Besluit.aanvraag_id == Aanvraag.id, _in_force(peil), Besluit.uitkomst != Uitkomst.AFGEWEZEN
    )
    individual = (
        select(
            Aanvraag.schooljaar_id, Aanvraag.school_id, Aanvraag.leerling_id.label("leerling_id")
        )
        .select_from(Aanvraag)
        .join(Besluit, award)
        .where(
            _in_years(ids, peil),
            Aanvraag.soort == Soort.INDIVIDUEEL,
            Aanvraag.leerling_id.is_not(None),
        )
    )
    group = (
        select(Aanvraag.schooljaar_id, Aanvraag.school_id, GroepsplanLeerling.leerling_id)
        .select_from(Aanvraag)
        .join(Besluit, award)
        .join(Groepsplan, Groepsplan.aanvraag_id == Aanvraag.id)
        .join(GroepsplanLeerling, GroepsplanLeerling.groepsplan_id == Groepsplan.id)
        .where(_in_years(ids, peil), Aanvraag.soort == Soort.GROEP)
    )
    return union(individual, group).subquery("bereikt")


def _usage(
    session: Session, ids: Sequence[int], reached: Subquery, peil: Peil | None
) -> tuple[list[GebruikRij], list[GebruikRij]]:
    per_school_leerlingen: dict[int, int] = {
        row.school_id: row.n
        for row in session.execute(
            select(reached.c.school_id, func.count().label("n")).group_by(reached.c.school_id)
        ).all()
    }
    rows = session.execute(
        _decided_join(peil)
        .with_only_columns(
            School.id.label("school_id"),
            School.naam.label("school"),
            Schoolbestuur.naam.label("bestuur"),
            *_usage_columns(),
        )
        .join(School, School.id == Aanvraag.school_id)
        .join(Schoolbestuur, Schoolbestuur.id == School.bestuur_id)
        .where(_in_years(ids, peil))
        .group_by(School.id, Schoolbestuur.id)  # every non-aggregate's key (PostgreSQL asks)
        .order_by(func.sum(Besluit.toegekend_cents).desc(), School.naam)
    ).all()
    schools = [
        GebruikRij(
            row.school,
            row.bestuur,
            int(row.aanvragen),
            int(row.toegekend),
            int(row.afgewezen),
            int(per_school_leerlingen.get(row.school_id, 0)),
            int(row.aangevraagd_cents),
            int(row.toegekend_cents),
        )
        for row in rows
    ]
    besturen: dict[str, list[int]] = {}
    for row in rows:
        acc = besturen.setdefault(row.bestuur, [0, 0, 0, 0, 0, 0])
        values = (
            row.aanvragen,
            row.toegekend,
            row.afgewezen,
            per_school_leerlingen.get(row.school_id, 0),
            row.aangevraagd_cents,
            row.toegekend_cents,
        )
        for i, value in enumerate(values):
            acc[i] += int(value)
    per_bestuur = [GebruikRij(name, name, *values) for name, values in besturen.items()]
    per_bestuur.sort(key=lambda r: (-r.toegekend_cents, r.naam))
    return schools, per_bestuur


def _counts(session: Session, query: Select, labels: dict) -> list[Telling]:  # type: ignore[type-arg]
    """``labels`` with the ``n`` and ``cents`` of ``query``'s rows per ``key``."""
    found = {row.key: (int(row.n), int(row.cents or 0)) for row in session.execute(query).all()}
    return [Telling(label, *found.get(key, (0, 0))) for key, label in labels.items()]


def compute_figures(
    session: Session,
    jaar: Schooljaar,
    soort: EvaluatieSoort,
    today: date,
    peil: Peil | None = None,
) -> EvaluatieCijfers:
    """Every figure of the ``soort`` (interim or final) report of schooljaar ``jaar``: what is
    recorded now, or with ``peil`` what was recorded on or before the peildatum."""
    if soort is EvaluatieSoort.EIND:
        years = list(
            session.scalars(
                select(Schooljaar)
                .where(Schooljaar.start_datum <= jaar.start_datum)
                .order_by(Schooljaar.start_datum)
            )
        )
    else:
        years = [jaar]
    ids = [y.id for y in years]
    reached = _reached(ids, peil)
    schools, besturen = _usage(session, ids, reached, peil)

    per_soort_rows = {
        row.soort: (
            int(row.aanvragen),
            int(row.toegekend),
            int(row.aangevraagd_cents),
            int(row.toegekend_cents),
        )
        for row in _usage_by(session, Aanvraag.soort, ids, peil)
    }
    per_soort = [SoortRij(s.label, *per_soort_rows.get(s, (0, 0, 0, 0))) for s in Soort]

    besluiten = _counts(
        session,
        select(
            Besluit.uitkomst.label("key"),
            func.count(Besluit.id).label("n"),
            func.sum(Besluit.toegekend_cents).label("cents"),
        )
        .join(Aanvraag, Aanvraag.id == Besluit.aanvraag_id)
        .where(_in_years(ids, peil), _in_force(peil))
        .group_by(Besluit.uitkomst),
        {u: u.label for u in Uitkomst},
    )

    def decided_by(column: Any, kinds: type[Doel] | type[VsoBetrokkenheid]) -> list[Telling]:
        """The decided applications counted and summed per value of ``column``."""
        return _counts(
            session,
            _decided_join(peil)
            .with_only_columns(
                column.label("key"),
                func.count(Aanvraag.id).label("n"),
                func.sum(Besluit.toegekend_cents).label("cents"),
            )
            .where(_in_years(ids, peil))
            .group_by(column),
            {k: k.label for k in kinds},
        )

    doelen = decided_by(Aanvraag.doel, Doel)
    vso = decided_by(Aanvraag.vso_betrokkenheid, VsoBetrokkenheid)
    vso_scholen = [
        Telling(row.vso_school, int(row.n))
        for row in session.execute(
            select(Aanvraag.vso_school, func.count(Aanvraag.id).label("n"))
            .where(
                _in_years(ids, peil),
                Aanvraag.vso_school != "",
                Aanvraag.vso_betrokkenheid != VsoBetrokkenheid.GEEN,
            )
            .group_by(Aanvraag.vso_school)
            .order_by(func.count(Aanvraag.id).desc(), Aanvraag.vso_school)
        ).all()
    ]

    leerling_years = (
        select(reached.c.schooljaar_id, reached.c.leerling_id).distinct().subquery("leerlingjaar")
    )
    outcome = (
        LeerlingUitkomst,
        and_(
            LeerlingUitkomst.leerling_id == leerling_years.c.leerling_id,
            LeerlingUitkomst.schooljaar_id == leerling_years.c.schooljaar_id,
            LeerlingUitkomst.vastgelegd_op < peil.grens if peil else true(),
        ),
    )

    def outcomes_by(
        column: Any, kinds: type[LeerlingResultaat] | type[Beoordeling]
    ) -> list[Telling]:
        """The pupils' recorded outcomes counted per value of ``column``."""
        return _counts(
            session,
            select(column.label("key"), func.count().label("n"), func.sum(0).label("cents"))
            .select_from(leerling_years)
            .join(*outcome)
            .group_by(column),
            {k: k.label for k in kinds},
        )

    resultaten = outcomes_by(LeerlingUitkomst.resultaat, LeerlingResultaat)
    voortgang_eind = outcomes_by(LeerlingUitkomst.voortgang, Beoordeling)
    per_year_outcomes: dict[int, tuple[int, int]] = {
        row.schooljaar_id: (int(row.kept or 0), int(row.recorded))
        for row in session.execute(
            select(
                leerling_years.c.schooljaar_id,
                func.count()
                .filter(LeerlingUitkomst.resultaat == LeerlingResultaat.REGULIER_VO)
                .label("kept"),
                func.count().label("recorded"),
            )
            .select_from(leerling_years)
            .join(*outcome)
            .group_by(leerling_years.c.schooljaar_id)
        ).all()
    }
    per_year_leerlingen: dict[int, int] = {
        row.schooljaar_id: row.n
        for row in session.execute(
            select(leerling_years.c.schooljaar_id, func.count().label("n")).group_by(
                leerling_years.c.schooljaar_id
            )
        ).all()
    }
    total_reached = sum(int(v) for v in per_year_leerlingen.values())
    recorded = sum(t.aantal for t in resultaten)
    resultaten.append(Telling(NOT_RECORDED, max(0, total_reached - recorded)))
    voortgang_eind.append(Telling(NOT_RECORDED, max(0, total_reached - recorded)))
    gesprekken = _counts(
        session,
        select(
            Voortgangsgesprek.beoordeling.label("key"),
            func.count(Voortgangsgesprek.id).label("n"),
            func.sum(0).label("cents"),
        )
        .join(Aanvraag, Aanvraag.id == Voortgangsgesprek.aanvraag_id)
        .where(_in_years(ids, peil), Voortgangsgesprek.datum <= peil.dag if peil else true())
        .group_by(Voortgangsgesprek.beoordeling),
        {b: b.label for b in Beoordeling},
    )

    year_rows = {
        row.schooljaar_id: (int(row.aanvragen), int(row.toegekend), int(row.toegekend_cents))
        for row in _usage_by(session, Aanvraag.schooljaar_id, ids, peil)
    }
    budget = []
    for y in years:
        n, t, got = year_rows.get(y.id, (0, 0, 0))
        kept, recorded_n = per_year_outcomes.get(y.id, (0, 0))
        budget.append(
            JaarBudget(
                y.label,
                y.budget_cents,
                got,
                n,
                t,
                int(per_year_leerlingen.get(y.id, 0)),
                kept,
                recorded_n,
            )
        )
    notes = [
        note_row(row.BudgetNotitie, row.label)
        for row in session.execute(
            select(BudgetNotitie, Schooljaar.label)
            .join(Schooljaar, Schooljaar.id == BudgetNotitie.schooljaar_id)
            .where(
                BudgetNotitie.schooljaar_id.in_(ids),
                BudgetNotitie.aangemaakt_op < peil.grens if peil else true(),
            )
            .order_by(BudgetNotitie.aangemaakt_op)
        ).all()
    ]
    geld = [
        _geld_jaar(geld_overzicht_in(session, y, tot=peil.dag if peil else None)) for y in years
    ]
    per_route, per_niveau, per_leerjaar = breakdowns(session, leerling_years, peil)
    scholen_totaal, besturen_totaal, scholen_zonder, besturen_zonder = never_applied(
        session, ids, peil
    )
    openstaand_aantal, openstaand_cents, ratio = pending_and_ratio(session, ids, peil)
    org = session.scalars(select(Organisatie)).first()
    tekst = session.scalars(
        select(EvaluatieTekst).where(
            EvaluatieTekst.schooljaar_id == jaar.id, EvaluatieTekst.soort == soort
        )
    ).first()
    return EvaluatieCijfers(
        soort=soort,
        jaar=jaar.label,
        jaren=tuple(y.label for y in years),
        organisatie=org.naam if org else "",
        programmadirecteur=org.programmadirecteur_naam if org else "",
        functie=org.programmadirecteur_functie if org else "",
        opgesteld_op=today,
        per_school=tuple(schools),
        per_bestuur=tuple(besturen),
        per_soort=tuple(per_soort),
        besluiten=tuple(besluiten),
        doelen=tuple(doelen),
        vso=tuple(vso),
        vso_scholen=tuple(vso_scholen),
        vso_inzet=register_figures(session, list(ids), tot=peil.dag if peil else None),
        resultaten=tuple(resultaten),
        voortgang_eind=tuple(voortgang_eind),
        voortgang_gesprekken=tuple(gesprekken),
        budget=tuple(budget),
        notities=tuple(notes),
        conclusies=tekst.conclusies if tekst else "",
        antwoorden=tuple(answers(session, jaar.id, soort)),
        leerlingen_uniek=distinct_pupils(session, reached),
        per_route=tuple(per_route),
        per_niveau=tuple(per_niveau),
        per_leerjaar=tuple(per_leerjaar),
        scholen_totaal=scholen_totaal,
        besturen_totaal=besturen_totaal,
        scholen_zonder_aanvraag=tuple(scholen_zonder),
        besturen_zonder_aanvraag=tuple(besturen_zonder),
        openstaand_aantal=openstaand_aantal,
        openstaand_cents=openstaand_cents,
        toekenningsratio=ratio,
        geld=tuple(geld),
        peildatum=peil.dag if peil else today,
    )


def _geld_jaar(g: GeldOverzicht) -> GeldJaar:
    return plain(GeldJaar, g, jaar=g.label)
