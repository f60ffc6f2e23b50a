"""The evaluation reports: the figures answer every monitoring question, equal the budget service's
sums, follow herzieningen, and the PDF and Excel show exactly these figures."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pdftext import all_text
from pdftext import pages
from report_world import World
from report_world import add_herziening
from report_world import give_password
from sqlalchemy import select
from sqlalchemy import update

from swv_desktop import cli
from swv_desktop.db import Database
from swv_desktop.errors import PermissionDenied
from swv_desktop.errors import ValidationError
from swv_desktop.formatting import money
from swv_desktop.models import Rol
from swv_desktop.models import School
from swv_desktop.models import Toegang
from swv_desktop.models import ToegangActie
from swv_desktop.reports.excel import safe_text
from swv_desktop.services.beschikkingen.uitgifte import issue_beschikking
from swv_desktop.services.budget import budget_overview
from swv_desktop.services.evaluatie.use_cases import EvaluatieSoort
from swv_desktop.services.evaluatie.use_cases import evaluation_figures
from swv_desktop.services.evaluatie.use_cases import get_conclusions
from swv_desktop.services.evaluatie.use_cases import report_pdf
from swv_desktop.services.evaluatie.use_cases import report_xlsx
from swv_desktop.services.evaluatie.use_cases import save_conclusions


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


def test_report_pdf_shows_the_service_figures(db: Database, world: World) -> None:
    pd = world.actors[Rol.PROGRAMMADIRECTEUR]
    conclusion = "De pilot werkt: 5 leerlingen bleven."
    save_conclusions(db, pd, world.jaar_id, EvaluatieSoort.TUSSEN, conclusion, versie=0)
    f = evaluation_figures(db, pd, "2021-2022", EvaluatieSoort.TUSSEN)
    page_texts = pages(report_pdf(db, pd, "2021-2022", EvaluatieSoort.TUSSEN))
    text = " ".join(page_texts)
    for expected in [
        "Tussenevaluatie Pilot Maatwerkbudget 2021-2022",
        "Welke scholen en schoolbesturen maken gebruik van het maatwerkbudget?",
        "Welke bedragen worden aangevraagd?",
        "Waar zetten de scholen het maatwerkbudget voor in?",
        "samenwerking met het VSO opgezocht, c.q. de expertise van het VSO ingezet?",
        "onderwijsvoortgang (binnen het regulier VO) van de leerling(en)?",
        "In hoeverre draagt het maatwerkbudget bij aan de geformuleerde doelstelling?",
        f"Toegekend bedrag {money(f.toegekend_cents)}",
        f"Beschikbaar budget (benut) {money(f.budget_cents)}",
        f"Leerlingen bereikt (verschillende leerlingen) {f.leerlingen_uniek}",
        f"Leerlingjaren (een leerling per pilotjaar) {f.leerlingen}",
        "Individueel 4 2 € 22.500,00 € 12.500,00 € 6.250,00",
        "Totaal 5 3 € 58.500,00 € 48.500,00 € 16.166,67",  # rounded, not truncated
        "Groepsaanpak 1 1 € 36.000,00 € 36.000,00 € 36.000,00",
        "Stichting VO Heuvelland 4 2 13 € 50.500,00 € 43.500,00",
        "Behouden in regulier VO 5 83,3%",  # of the 6 recorded outcomes
        "Verwezen naar VSO 1 16,7%",
        "Nog niet vastgelegd (niet in de percentages) 8",
        "VSO De Berg 2",
        "2021-2022 € 1.200,00 4 oktober 2021 12 oktober 2021 Urgente groepsaanpak",
        "De pilot werkt: 5 leerlingen bleven.",
        "Petra Directeur",
    ]:
        assert expected in text, expected
    assert all(f"pagina {i} van {len(page_texts)}" in p for i, p in enumerate(page_texts, start=1))


def test_conclusions_are_for_the_programmadirecteur(db: Database, world: World) -> None:
    pd, jaar = world.actors[Rol.PROGRAMMADIRECTEUR], world.jaar_id
    with pytest.raises(PermissionDenied):
        save_conclusions(
            db, world.actors[Rol.BEHEERDER], jaar, EvaluatieSoort.TUSSEN, "x", versie=0
        )
    with pytest.raises(ValidationError) as err:
        save_conclusions(db, pd, jaar, "jaarlijks", "x", versie=0)
    assert err.value.fields == {"soort"}
    assert get_conclusions(db, pd, jaar, EvaluatieSoort.TUSSEN) == ""
    save_conclusions(db, pd, jaar, EvaluatieSoort.EIND, "  Structureel maken. ", versie=0)
    assert get_conclusions(db, pd, jaar, EvaluatieSoort.EIND) == "Structureel maken."


def test_excel_has_the_same_figures_and_is_safe_from_formulas(db: Database, world: World) -> None:
    with db.transaction() as session:
        session.execute(
            update(School)
            .where(School.naam == "Heuvelland Mavo")
            .values(naam='=HYPERLINK("http://x")')
        )
    f = evaluation_figures(
        db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022", EvaluatieSoort.TUSSEN
    )
    wb = load_workbook(
        BytesIO(
            report_xlsx(
                db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022", EvaluatieSoort.TUSSEN
            )
        )
    )
    budget = wb["Budget"]
    assert budget["A2"].value == "2021-2022"
    assert budget["C2"].value == Decimal(f.toegekend_cents) / 100
    assert budget["C2"].number_format == '"€" #,##0.00'
    names = [row[0].value for row in wb["Scholen"].iter_rows(min_row=2)]
    assert '\'=HYPERLINK("http://x")' in names
    assert not any(str(n).startswith("=") for n in names)
    assert wb["Uitkomsten"]["B2"].value == 5
    for value in ["=1+1", "+31", "-5", "@SUM(A1)", "\tx", "\rx"]:
        assert safe_text(value) == "'" + value
    assert safe_text("Gewoon") == "Gewoon"


def test_cli_writes_report_and_letters(
    db: Database, world: World, tmp_path: Path, capsys, monkeypatch
) -> None:
    issue_beschikking(db, world.actors[Rol.PROGRAMMADIRECTEUR], world.beschikkingen["groep"])
    pd = world.actors[Rol.PROGRAMMADIRECTEUR].gebruikersnaam
    give_password(db, pd, "cli-wachtwoord-1")  # batch commands sign in with it
    monkeypatch.setenv("SWV_PASSWORD", "cli-wachtwoord-1")
    path = db.location  # a SQLite path or a PostgreSQL URL
    out_pdf, out_xlsx = tmp_path / "rapport.pdf", tmp_path / "rapport.xlsx"

    def run(command: str, *options: str) -> int:
        """``swv-desktop COMMAND --db … --user … --year 2021-2022 OPTIONS``, signed in as pd."""
        return cli.main([command, "--db", path, "--user", pd, "--year", "2021-2022", *options])

    assert run("report", "--kind", "interim", "--out", str(out_pdf), "--xlsx", str(out_xlsx)) == 0
    assert out_pdf.read_bytes().startswith(b"%PDF") and out_xlsx.stat().st_size > 0
    assert run("letters", "--out", str(tmp_path / "brieven")) == 0
    assert sorted(p.name for p in (tmp_path / "brieven").iterdir()) == [
        "MWB-2021-002.pdf",
        "beschikkingen-2021-2022-alle.pdf",
    ]
    printed = capsys.readouterr().out
    assert "Tussenevaluatie Pilot Maatwerkbudget 2021-2022 weggeschreven" in printed
    assert "1 beschikking van 2021-2022 weggeschreven" in printed
    with db.read() as session:  # both exports are in the access log, on the user's name
        logged = session.execute(
            select(Toegang.objectsoort, Toegang.gebruikersnaam, Toegang.omschrijving).where(
                Toegang.actie == ToegangActie.EXPORT
            )
        ).all()
    assert sorted((e, who) for e, who, _o in logged) == [("beschikking", pd), ("evaluatie", pd)]
    wat = next(o for e, _w, o in logged if e == "evaluatie")
    assert wat.startswith("Tussenevaluatie 2021-2022") and wat.endswith("PDF en Excel")


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


def _answer_all(db: Database, world: World, kind: EvaluatieSoort) -> None:
    from swv_desktop.services.evaluatie.use_cases import VRAGEN
    from swv_desktop.services.evaluatie.use_cases import get_answers
    from swv_desktop.services.evaluatie.use_cases import save_answers

    jaar_id = world.jaar2_id if kind is EvaluatieSoort.EIND else world.jaar_id
    save_answers(
        db,
        world.actors[Rol.PROGRAMMADIRECTEUR],
        world.jaar2_id if kind is EvaluatieSoort.EIND else world.jaar_id,
        kind,
        {
            key: f"Antwoord {n}: de cijfers laten zien wat er gebeurt."
            for n, key in enumerate(VRAGEN, start=1)
        },
        "Het maatwerkbudget wordt structureel, met een budget van € 150.000,00 per jaar.",
        versie=get_answers(db, world.actors[Rol.PROGRAMMADIRECTEUR], jaar_id, kind).versie,
    )


def test_final_report_is_refused_until_every_question_is_answered(
    db: Database, world: World, tmp_path: Path
) -> None:
    from swv_desktop.errors import StateError
    from swv_desktop.services.evaluatie.use_cases import get_answers
    from swv_desktop.services.evaluatie.use_cases import save_answers
    from swv_desktop.services.evaluatie.use_cases import write_report

    with pytest.raises(StateError, match="elke monitoringsvraag") as refused:
        report_pdf(db, world.actors[Rol.PROGRAMMADIRECTEUR], "2022-2023", EvaluatieSoort.EIND)
    assert "Welke bedragen worden aangevraagd?" in str(refused.value)
    with pytest.raises(StateError):
        write_report(
            db,
            world.actors[Rol.PROGRAMMADIRECTEUR],
            "2022-2023",
            EvaluatieSoort.EIND,
            tmp_path / "eind.pdf",
        )
    assert not (tmp_path / "eind.pdf").exists()
    # one answer short: still refused
    pd = world.actors[Rol.PROGRAMMADIRECTEUR]
    save_answers(
        db, pd, world.jaar2_id, EvaluatieSoort.EIND, {"gebruik": "Alle besturen."}, "Ja.", versie=0
    )
    with pytest.raises(StateError, match="Welke bedragen"):
        report_pdf(db, world.actors[Rol.PROGRAMMADIRECTEUR], "2022-2023", EvaluatieSoort.EIND)
    assert get_answers(
        db, world.actors[Rol.PROGRAMMADIRECTEUR], world.jaar2_id, EvaluatieSoort.EIND
    ).antwoorden["gebruik"] == ("Alle besturen.")
    _answer_all(db, world, EvaluatieSoort.EIND)
    page_texts = pages(
        report_pdf(db, world.actors[Rol.PROGRAMMADIRECTEUR], "2022-2023", EvaluatieSoort.EIND)
    )
    text = " ".join(page_texts)
    assert "Antwoord 2: de cijfers laten zien wat er gebeurt." in text
    assert "Wordt het maatwerkbudget structureel?" in text
    assert "Het maatwerkbudget wordt structureel" in page_texts[0]  # on the summary page
    assert "(concept)" not in text
    with pytest.raises(PermissionDenied):
        save_answers(
            db, world.actors[Rol.BEHEERDER], world.jaar2_id, EvaluatieSoort.EIND, {}, "", versie=2
        )


def test_report_opens_with_a_one_page_summary_and_a_cut_off_date(
    db: Database, world: World
) -> None:
    _answer_all(db, world, EvaluatieSoort.TUSSEN)
    page_texts = pages(
        report_pdf(db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022", EvaluatieSoort.TUSSEN)
    )
    first = page_texts[0]
    for expected in [
        "Samenvatting",
        "Peildatum van de gegevens:",
        "Behouden in regulier VO 5 van de 6 vastgelegde uitkomsten (83,3%)",
        "Toegekend bedrag per behouden leerling € 9.700,00",
        "Scholen met een aanvraag 3 van de 4",
        "Openstaande aanvragen op de peildatum 1 (€ 2.000,00 aangevraagd)",
        "Antwoord 5: de cijfers laten zien wat er gebeurt. (zie hoofdstuk 5)",
    ]:
        assert expected in first, expected
    assert "1. Gebruik per schoolbestuur en school" not in first
    text = " ".join(page_texts)
    for expected in [
        "1 van de 4 scholen en 1 van de 3 schoolbesturen hebben in deze periode geen aanvraag",
        "Schoolbesturen: Stichting Geuldal.",
        "Scholen: Geuldal College.",
        "Op de peildatum staat 1 aanvraag open, met € 2.000,00 aangevraagd.",
        "Instroomroute Leerlingjaren Behouden",
        "Onderinstroom",
        "Overstap uit VSO",
        "Leerjaar 1",
        "havo",
        "14 verschillende leerlingen, samen 14 leerlingjaren",
    ]:
        assert expected in text, expected
    import re

    assert not re.search(r"\b(vso|vo|Vso|cq)\b", text), "VSO and VO in capitals, c.q. with dots"


def test_charts_show_the_top_schools_and_the_rest() -> None:
    from swv_desktop.reports.charts import _wrapped_label
    from swv_desktop.reports.charts import hbar_chart
    from swv_desktop.reports.charts import top_with_rest

    labels = [f"School {n:03d}" for n in range(167)]
    values = [n * 1000 for n in range(167)]
    top, summed = top_with_rest(labels, values)
    assert len(top) == 11 and top[0] == "School 166" and top[-1] == "overige (157)"
    assert sum(summed) == sum(values)
    assert top_with_rest(["a", "b"], [1, 2]) == (["b", "a"], [2, 1])
    long = "Stichting voor Christelijk Voortgezet Onderwijs Zuid-Limburg en Omstreken"
    wrapped = _wrapped_label(long)
    assert wrapped.count("\n") == 1 and all(len(line) <= 31 for line in wrapped.split("\n"))
    assert _wrapped_label("Heuvelland College") == "Heuvelland College"
    drawing = hbar_chart("Toegekend", top, [("Toegekend", summed)], money=True)
    assert drawing.height > 0
