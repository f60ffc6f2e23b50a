"""The evaluation's figures: they answer every monitoring question, equal the budget service's
sums and a direct query, follow herzieningen, and count a pupil of two pilot years once as a pupil
and twice as a pupil year; the final report covers every pilot year up to its own. The report's
documents (PDF, Excel, command line) are in ``test_evaluatie_rapport.py``."""

from __future__ import annotations

import pytest
from pdftext import all_text
from report_world import World
from report_world import add_herziening

from swv_desktop.db import Database
from swv_desktop.models import Rol
from swv_desktop.services.beschikkingen.uitgifte import issue_beschikking
from swv_desktop.services.budget import budget_overview
from swv_desktop.services.evaluatie.use_cases import EvaluatieSoort
from swv_desktop.services.evaluatie.use_cases import evaluation_figures
from swv_desktop.services.evaluatie.use_cases import report_pdf


def _by_label(rows) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {t.label: t.aantal for t in rows}


def test_interim_figures_answer_every_question(db: Database, world: World) -> None:
    f = evaluation_figures(
        db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022", EvaluatieSoort.TUSSEN
    )
    assert f.jaren == ("2021-2022",)
    ind, grp = f.per_soort
    assert (
        ind.soort,
        ind.aanvragen,
        ind.toegekend,
        ind.aangevraagd_cents,
        ind.toegekend_cents,
    ) == (
        "Individueel",
        4,
        2,
        2_250_000,
        1_250_000,
    )
    assert (grp.aanvragen, grp.toegekend, grp.toegekend_cents) == (1, 1, 3_600_000)
    assert f.toegekend_cents == budget_overview(db, world.jaar_id).awarded_cents == 4_850_000
    assert [r.naam for r in f.per_bestuur] == [
        "Stichting VO Heuvelland",
        "Stichting Maasdal Onderwijs",
    ]
    school = {r.naam: r for r in f.per_school}
    assert (school["Heuvelland College"].leerlingen, school["Heuvelland Mavo"].afgewezen) == (13, 1)
    assert f.leerlingen == 14
    assert _by_label(f.besluiten) == {"Toegekend": 2, "Gedeeltelijk toegekend": 1, "Afgewezen": 1}
    assert _by_label(f.doelen)["Didactische ondersteuning"] == 1
    assert _by_label(f.vso) == {"Geen": 3, "Consultatie VSO": 1, "Expertise VSO ingezet": 1}
    assert _by_label(f.vso_scholen) == {"VSO De Berg": 2}
    assert _by_label(f.resultaten) == {
        "Behouden in regulier VO": 5,
        "Verwezen naar VSO": 1,
        "Anders": 0,
        "Nog niet vastgelegd": 8,
    }
    assert _by_label(f.voortgang_gesprekken)["Voldoende voortgang"] == 1
    assert [(b.jaar, b.budget_cents, b.overschrijding_cents) for b in f.budget] == [
        ("2021-2022", 15_000_000, 0)
    ]
    assert [(n.overschrijding_cents, str(n.bestuur_geinformeerd_op)) for n in f.notities] == [
        (120_000, "2021-10-12")
    ]


def test_herziening_replaces_the_old_besluit_in_the_figures(db: Database, world: World) -> None:
    issue_beschikking(db, world.actors[Rol.PROGRAMMADIRECTEUR], world.beschikkingen["individueel"])
    add_herziening(db, world)
    f = evaluation_figures(
        db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022", EvaluatieSoort.TUSSEN
    )
    assert f.toegekend_cents == budget_overview(db, world.jaar_id).awarded_cents == 4_700_000
    assert f.per_soort[0].aanvragen == 4  # the revised aanvraag still counts once


def test_final_report_covers_every_pilot_year_up_to_that_year(db: Database, world: World) -> None:
    f = evaluation_figures(
        db, world.actors[Rol.PROGRAMMADIRECTEUR], "2022-2023", EvaluatieSoort.EIND
    )
    assert f.jaren == ("2021-2022", "2022-2023")
    assert f.titel == "Eindevaluatie Pilot Maatwerkbudget 2021-2022 t/m 2022-2023"
    assert f.budget_cents == 30_000_000
    assert f.toegekend_cents == 4_850_000
    text = all_text(
        report_pdf(
            db, world.actors[Rol.PROGRAMMADIRECTEUR], "2022-2023", EvaluatieSoort.EIND, concept=True
        )
    )
    assert "2022-2023 € 150.000,00 € 0,00 0,0%" in text
    assert "Eindevaluatie Pilot Maatwerkbudget 2021-2022 t/m 2022-2023 (concept)" in text


# --- the figures that answer the board's question, each compared with a direct query -------


def _reached_pupil_years(db: Database, jaar_ids: list[int]) -> set[tuple[int, int]]:
    """(schooljaar, leerling) of every pupil named by an award in force, by a plain query."""
    from sqlalchemy import text as sql

    with db.read() as session:
        rows = session.execute(
            sql(
                """
                SELECT a.schooljaar_id, a.leerling_id FROM aanvraag a
                JOIN besluit b ON b.aanvraag_id = a.id
                WHERE b.uitkomst != 'afgewezen' AND a.leerling_id IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM besluit n WHERE n.herziening_van_id = b.id)
                UNION
                SELECT a.schooljaar_id, gl.leerling_id FROM aanvraag a
                JOIN besluit b ON b.aanvraag_id = a.id
                JOIN groepsplan g ON g.aanvraag_id = a.id
                JOIN groepsplan_leerling gl ON gl.groepsplan_id = g.id
                WHERE b.uitkomst != 'afgewezen'
                  AND NOT EXISTS (SELECT 1 FROM besluit n WHERE n.herziening_van_id = b.id)
                """
            )
        ).all()
    return {(j, lid) for j, lid in rows if j in jaar_ids}


def test_new_figures_equal_direct_queries(db: Database, world: World) -> None:
    from sqlalchemy import text as sql

    f = evaluation_figures(
        db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022", EvaluatieSoort.TUSSEN
    )
    years = _reached_pupil_years(db, [world.jaar_id])
    assert f.leerlingen == len(years)
    assert f.leerlingen_uniek == len({lid for _j, lid in years})
    with db.read() as session:
        q = session.execute
        route = dict(
            q(
                sql(
                    "SELECT instroomroute, count(*) FROM leerling WHERE id IN "
                    f"({','.join(str(lid) for _j, lid in years)}) GROUP BY instroomroute"
                )
            ).all()
        )
        niveau = dict(
            q(
                sql(
                    "SELECT niveau, count(*) FROM leerling WHERE id IN "
                    f"({','.join(str(lid) for _j, lid in years)}) GROUP BY niveau"
                )
            ).all()
        )
        kept_by_route = dict(
            q(
                sql(
                    "SELECT l.instroomroute, count(*) FROM leerling_uitkomst u "
                    "JOIN leerling l ON l.id = u.leerling_id WHERE u.resultaat = 'regulier_vo' "
                    f"AND u.leerling_id IN ({','.join(str(lid) for _j, lid in years)}) "
                    "GROUP BY l.instroomroute"
                )
            ).all()
        )
        pending = q(
            sql(
                "SELECT count(*), coalesce(sum(aangevraagd_cents), 0) FROM aanvraag WHERE "
                "status IN ('ingediend', 'besproken', 'ter_besluitvorming') AND schooljaar_id = :j"
            ),
            {"j": world.jaar_id},
        ).one()
        never = [
            n
            for (n,) in q(
                sql(
                    "SELECT naam FROM school WHERE id NOT IN (SELECT school_id FROM aanvraag "
                    "WHERE status != 'concept') ORDER BY naam"
                )
            ).all()
        ]
        requested, awarded = (
            int(v)
            for v in q(
                sql(
                    "SELECT sum(a.aangevraagd_cents), sum(b.toegekend_cents) FROM aanvraag a "
                    "JOIN besluit b ON b.aanvraag_id = a.id"
                )
            ).one()
        )
    from swv_desktop.models import Instroomroute

    assert {r.label: r.leerlingen for r in f.per_route} == {
        route_.label: int(route.get(route_.value, 0)) for route_ in Instroomroute
    }
    assert {r.label: r.behouden for r in f.per_route} == {
        route_.label: int(kept_by_route.get(route_.value, 0)) for route_ in Instroomroute
    }
    assert {r.label: r.leerlingen for r in f.per_niveau} == {k: int(v) for k, v in niveau.items()}
    assert sum(r.leerlingen for r in f.per_leerjaar) == f.leerlingen
    assert sum(r.behouden for r in f.per_leerjaar) == f.behouden == 5
    assert (f.openstaand_aantal, f.openstaand_cents) == tuple(int(v) for v in pending)
    assert (f.openstaand_aantal, f.openstaand_cents) == (1, 200_000)
    assert list(f.scholen_zonder_aanvraag) == never == ["Geuldal College"]
    assert list(f.besturen_zonder_aanvraag) == ["Stichting Geuldal"]
    assert (f.scholen_totaal, f.besturen_totaal) == (4, 3)
    assert f.toekenningsratio == pytest.approx(awarded / requested)
    assert f.prognose_cents == f.toegekend_cents + round(200_000 * awarded / requested)
    # rounded, not truncated: € 48.500,00 / 5 behouden = € 9.700,00; 16.166,666.. -> 16.166,67
    assert f.kosten_per_behouden_cents == 970_000
    assert f.gemiddeld_cents == 1_616_667


def test_pupils_in_two_years_count_once_as_pupil_and_twice_as_pupil_years(
    db: Database, world: World
) -> None:
    from swv_desktop.models import Aanvraag
    from swv_desktop.models import Besluit
    from swv_desktop.models import Gebruiker
    from swv_desktop.models import Leerling
    from swv_desktop.models import Uitkomst
    from swv_desktop.services.beschikkingen.voorbeeld import beschikking_voor

    with db.transaction() as session:
        old = session.get(
            Aanvraag, session.get(Besluit, world.besluiten["individueel"]).aanvraag_id
        )
        copy = Aanvraag(
            nummer="A-2022-001",
            soort=old.soort,
            schooljaar_id=world.jaar2_id,
            school_id=old.school_id,
            contactpersoon_id=old.contactpersoon_id,
            leerling_id=old.leerling_id,
            aangevraagd_cents=400_000,
            doel=old.doel,
            aanvraagdatum=old.aanvraagdatum.replace(year=2022),
            status=old.status,
            aangemaakt_op=old.aangemaakt_op,
        )
        session.add(copy)
        session.flush()
        start = old.aanvraagdatum.replace(year=2022)
        beschikking = beschikking_voor(
            copy,
            Uitkomst.TOEGEKEND,
            400_000,
            motivering="Vervolg.",
            door=session.get(Gebruiker, world.actors[Rol.PROGRAMMADIRECTEUR].id),
            op=old.aangemaakt_op,
            periode=(start, old.aanvraagdatum.replace(year=2023, month=7, day=31)),
            volgnummer=1,
            kenmerk="MWB-2022-001",
            briefdatum=start,
        )
        session.add_all([beschikking.besluit, beschikking])
        assert session.get(Leerling, old.leerling_id) is not None
    f = evaluation_figures(
        db, world.actors[Rol.PROGRAMMADIRECTEUR], "2022-2023", EvaluatieSoort.EIND
    )
    assert (f.leerlingen, f.leerlingen_uniek) == (15, 14)
    assert [(b.jaar, b.leerlingen) for b in f.budget] == [("2021-2022", 14), ("2022-2023", 1)]
