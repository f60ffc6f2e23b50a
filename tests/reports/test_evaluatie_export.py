"""The evaluation's Excel export carries the same new figures as the report (distinct pupils,
breakdowns, schools without an application, pending and forecast, cost per pupil kept, cut-off
date, the answers per question), and a report of 167 schools keeps its chart readable."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook
from pdftext import pages
from report_world import World

from swv_desktop.db import Database
from swv_desktop.formatting import money
from swv_desktop.formatting import money_whole
from swv_desktop.models import Rol
from swv_desktop.reports.charts import TOP_N
from swv_desktop.reports.evaluatie import render_evaluatie
from swv_desktop.reports.evaluatie_data import VRAGEN
from swv_desktop.reports.evaluatie_data import GebruikRij
from swv_desktop.services.evaluatie.use_cases import EvaluatieSoort
from swv_desktop.services.evaluatie.use_cases import evaluation_figures
from swv_desktop.services.evaluatie.use_cases import report_xlsx
from swv_desktop.services.evaluatie.use_cases import save_answers


def _rows(sheet) -> list[list[object]]:  # type: ignore[no-untyped-def]
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]


def test_excel_carries_the_new_figures(db: Database, world: World) -> None:
    for kind in (EvaluatieSoort.TUSSEN, EvaluatieSoort.EIND):
        f = evaluation_figures(
            db,
            world.actors[Rol.PROGRAMMADIRECTEUR],
            "2021-2022" if kind is EvaluatieSoort.TUSSEN else "2022-2023",
            kind,
        )
        wb = load_workbook(
            BytesIO(report_xlsx(db, world.actors[Rol.PROGRAMMADIRECTEUR], f.jaar, kind))
        )
        key = {
            row[0]: Decimal(str(row[1])) if isinstance(row[1], float) else row[1]
            for row in _rows(wb["Kerncijfers"])
        }
        euro = lambda cents: Decimal(cents) / 100  # noqa: E731
        assert key["Peildatum (vastgelegd tot en met)"] == f.peildatum.isoformat()
        assert key["Leerlingen bereikt (leerlingjaren)"] == f.leerlingen
        assert key["Leerlingen bereikt (verschillende leerlingen)"] == f.leerlingen_uniek
        assert key["Openstaande aanvragen"] == f.openstaand_aantal
        assert key["Openstaand aangevraagd bedrag"] == euro(f.openstaand_cents)
        assert key["Prognose toegekend (met de openstaande aanvragen)"] == euro(f.prognose_cents)
        assert key["Kosten per in regulier VO behouden leerlingjaar"] == euro(
            f.kosten_per_behouden_cents
        )
        assert key["Gemiddeld per toekenning"] == euro(f.gemiddeld_cents)
        assert key["Scholen zonder aanvraag"] == len(f.scholen_zonder_aanvraag)
        assert key["Schoolbesturen"] == f.besturen_totaal
        for sheet, rows in (
            ("Per instroomroute", f.per_route),
            ("Per niveau", f.per_niveau),
            ("Per leerjaar", f.per_leerjaar),
        ):
            assert _rows(wb[sheet]) == [
                [r.label, r.leerlingen, r.vastgelegd, r.behouden, r.verwezen, r.anders, r.onbekend]
                for r in rows
            ], sheet
        assert sum(r[1] for r in _rows(wb["Per instroomroute"])) == f.leerlingen
        without = _rows(wb["Zonder aanvraag"])
        assert [n for s, n in without if s == "School"] == list(f.scholen_zonder_aanvraag)
        assert [n for s, n in without if s == "Schoolbestuur"] == list(f.besturen_zonder_aanvraag)
        budget = _rows(wb["Budget"])
        assert [(r[0], r[7], r[8]) for r in budget] == [
            (b.jaar, b.vastgelegd, b.behouden) for b in f.budget
        ]
        outcomes = _rows(wb["Uitkomsten"])
        recorded = sum(t.aantal for t in f.resultaten[:-1])
        assert outcomes[-1][0] == "Nog niet vastgelegd" and outcomes[-1][2] in ("", None)
        if recorded:
            kept = next(r for r in outcomes if str(r[0]).startswith("Behouden"))
            assert kept[2].endswith("%") and "," in kept[2]


def test_excel_lists_every_answer_and_the_conclusion(db: Database, world: World) -> None:
    from swv_desktop.models import Rol

    pd = world.actors[Rol.PROGRAMMADIRECTEUR]
    answers = {key: f"Antwoord op {key}." for key in VRAGEN}
    save_answers(
        db, pd, world.jaar_id, EvaluatieSoort.TUSSEN, antwoorden=answers, conclusie="Ja.", versie=0
    )
    wb = load_workbook(
        BytesIO(
            report_xlsx(
                db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022", EvaluatieSoort.TUSSEN
            )
        )
    )
    rows = _rows(wb["Conclusies"])
    assert [r[0] for r in rows[:-1]] == list(VRAGEN.values())
    assert [r[1] for r in rows[:-1]] == list(answers.values())
    assert rows[-1] == ["Conclusie: wordt het maatwerkbudget structureel?", "Ja."]


def test_a_report_of_167_schools_keeps_its_chart_readable(db: Database, world: World) -> None:
    """167 schools (as in the large demo): the chart shows the top schools and "overige (n)"
    with a value on every bar; the full table with every school follows."""
    f = evaluation_figures(
        db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022", EvaluatieSoort.TUSSEN
    )
    schools = tuple(
        GebruikRij(
            naam=f"Openbare Scholengemeenschap Zilverwilg-Kribbe {n:03d}",
            bestuur="Stichting Voortgezet Onderwijs Stroomland",
            aanvragen=1 + n % 4,
            toegekend=1 + n % 3,
            afgewezen=n % 2,
            leerlingen=1 + n % 5,
            aangevraagd_cents=(n + 1) * 2_500_000,  # millions, as in a large SWV
            toegekend_cents=(n + 1) * 2_000_000,
        )
        for n in range(167)
    )
    pdf = render_evaluatie(replace(f, per_school=schools))
    texts = pages(pdf)
    heading = f"Toegekend bedrag per school (de {TOP_N} hoogste; de volledige tabel volgt)"
    chart_page = next(t for t in texts if heading in t)
    chart = chart_page[chart_page.index(heading) :]
    top = sorted(schools, key=lambda r: -r.toegekend_cents)[:TOP_N]
    for row in top:  # every top school by name (wrapped on two lines at most) with its amount
        assert row.naam.split()[-1] in chart, row.naam
        assert money_whole(row.toegekend_cents) in chart.replace("\u00a0", " ")
    rest = sum(r.toegekend_cents for r in schools[: 167 - TOP_N])
    # the rest would dwarf every bar: it is a line under the chart, with its amount
    assert f"Overige {167 - TOP_N} scholen samen: {money(rest)}" in chart.replace("\u00a0", " ")
    assert "overige (" not in chart
    # the table follows and names all 167 schools; no amount wraps in its column
    whole = " ".join(texts)
    assert all(f"Kribbe {n:03d}" in whole for n in range(167))
    biggest = money(max(r.aangevraagd_cents for r in schools)).replace("\u00a0", " ")
    assert biggest in whole.replace("\u00a0", " ")


def test_a_few_schools_keep_the_overige_bar(db: Database, world: World) -> None:
    """When the rest is not larger than the bars, it stays a bar "overige (n)"."""
    f = evaluation_figures(
        db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022", EvaluatieSoort.TUSSEN
    )
    schools = tuple(
        GebruikRij(f"School {n:02d}", "Bestuur", 1, 1, 0, 1, 900_000, 800_000 - n)
        for n in range(12)
    )
    chart = " ".join(pages(render_evaluatie(replace(f, per_school=schools))))
    assert "overige (2)" in chart


def test_chart_titles_fit_the_chart_width() -> None:
    """The longest title a chart gets (boards, cut to the top) stays within the drawing."""
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from swv_desktop.reports.styles import FONT_BOLD
    from swv_desktop.reports.styles import register_fonts

    register_fonts()
    title = f"Toegekend bedrag per schoolbestuur (de {TOP_N} hoogste; de volledige tabel volgt)"
    assert stringWidth(title, FONT_BOLD, 8.5) < 160 * mm


def test_large_counts_carry_a_thousands_separator(db: Database, world: World) -> None:
    """A large SWV: "28.012 / 23.005" on the summary page, never "28012"."""
    from swv_desktop.reports.evaluatie_data import SoortRij

    f = evaluation_figures(
        db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022", EvaluatieSoort.TUSSEN
    )
    big = replace(
        f,
        per_soort=(
            SoortRij("Individueel", 26_500, 21_800, 19_000_000_00, 15_000_000_00),
            SoortRij("Groepsaanpak", 1_512, 1_205, 2_000_000_00, 1_500_000_00),
        ),
        leerlingen_uniek=35_422,
    )
    first = pages(render_evaluatie(big))[0]
    assert "28.012 / 23.005" in first and "35.422" in first
    assert "28012" not in first
