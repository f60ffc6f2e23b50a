"""Documents render whatever the database holds: characters an xlsx cannot store are removed,
1,000-character names are cut in table cells, long explanations split over pages, and a chart
with 167 schools stays within a page."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook
from pdftext import all_text
from pdftext import pages
from report_world import World
from reportlab.lib.units import mm
from sqlalchemy import update

from swv_desktop.db import Database
from swv_desktop.models import AanvraagVoorwaarde
from swv_desktop.models import Besluit
from swv_desktop.models import BudgetNotitie
from swv_desktop.models import EvaluatieTekst
from swv_desktop.models import Rol
from swv_desktop.models import School
from swv_desktop.models import Schoolbestuur
from swv_desktop.reports.charts import MAX_HEIGHT_MM
from swv_desktop.reports.charts import hbar_chart
from swv_desktop.reports.excel import MAX_CELL_TEXT
from swv_desktop.reports.excel import storable
from swv_desktop.services.beschikkingen.uitgifte import render_preview
from swv_desktop.services.evaluatie.use_cases import report_pdf
from swv_desktop.services.evaluatie.use_cases import report_xlsx

PASTED = "Eerste regel\x0btweede\x00 regel \ufffe\uffff\x1b einde"


@pytest.fixture
def backend() -> str:
    """The poisoned text is written past the services, as an old SQLite file may hold it;
    PostgreSQL cannot even store a NUL in text, so these run on SQLite."""
    return "sqlite"


def _poison(db: Database, **values: str) -> None:
    with db.transaction() as s:
        for model, column in (
            (Schoolbestuur, "naam"),
            (School, "naam"),
            (BudgetNotitie, "reden"),
            (BudgetNotitie, "wat_gemeld"),
            (Besluit, "motivering"),
            (AanvraagVoorwaarde, "toelichting"),
        ):
            if column in values:
                s.execute(update(model).values({column: values[column]}))
        s.add(EvaluatieTekst(schooljaar_id=1, soort="interim", conclusies=values["conclusies"]))


def test_excel_removes_what_it_cannot_store(db: Database, world: World) -> None:
    _poison(db, reden=PASTED, wat_gemeld=PASTED, conclusies=PASTED * 3_000)
    workbook = load_workbook(
        BytesIO(report_xlsx(db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022", "interim"))
    )
    sheet = workbook["Conclusies"]  # the answers per question, the conclusion in the last row
    conclusies = sheet.cell(sheet.max_row, 2).value
    assert conclusies.startswith("Eerste regel\ntweede regel  einde")
    assert len(conclusies) == MAX_CELL_TEXT and conclusies.endswith("…")
    reden = workbook["Overschrijdingen"]["E2"].value
    assert reden == "Eerste regel\ntweede regel  einde"
    assert storable("=1+1\x00") == "=1+1" and storable("\ud800a") == "a"


def test_evaluation_with_a_1000_character_board_name(db: Database, world: World) -> None:
    for name in ("Stichting " * 100, "W" * 1_000):
        _poison_names(db, name)
        for kind in ("interim", "final"):
            text = all_text(
                report_pdf(
                    db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022", kind, concept=True
                )
            )
            assert "…" in text


def _poison_names(db: Database, name: str) -> None:
    with db.transaction() as s:
        s.execute(update(Schoolbestuur).values(naam=name))
        s.execute(update(School).values(naam=name))


def test_a_letter_with_explanations_longer_than_a_page(db: Database, world: World) -> None:
    long = "De school heeft dit uitvoerig besproken met de ouders. " * 400  # ~22,000 characters
    with db.transaction() as s:
        s.execute(update(AanvraagVoorwaarde).values(toelichting=long + PASTED))
        s.execute(update(Besluit).values(motivering=long))
    pdf = render_preview(
        db, world.actors[Rol.PROGRAMMADIRECTEUR], world.beschikkingen["individueel"]
    )
    assert len(pages(pdf)) == 52
    assert "\x00" not in all_text(pdf)


def test_a_chart_of_167_schools_fits_on_a_page() -> None:
    labels = [f"School {i:03d}" for i in range(167)]
    values = [(i * 7919) % 50_000 for i in range(167)]
    drawing = hbar_chart("Toegekend per school", labels, [("Toegekend", values)], money=True)
    assert drawing.height <= MAX_HEIGHT_MM * mm
    two = hbar_chart("x", labels, [("Aangevraagd", values), ("Toegekend", values)], money=True)
    assert two.height <= MAX_HEIGHT_MM * mm
    chart = next(c for c in drawing.contents if hasattr(c, "data"))
    assert sum(chart.data[0]) == sum(values)  # the rest is added up, not dropped
    assert chart.categoryAxis.categoryNames[0].startswith("Overige (")


def test_long_names_in_the_address_window_are_wrapped_and_cut(db: Database, world: World) -> None:
    from swv_desktop.reports.text import split_line

    long_word = "Ontwikkelingsperspectiefplan" * 7  # 196 characters without a space
    _poison_names(db, long_word)
    first_page = pages(
        render_preview(db, world.actors[Rol.PROGRAMMADIRECTEUR], world.beschikkingen["individueel"])
    )[0]
    assert "…" in first_page and "MWB-2021-001" in first_page
    assert max(len(part) for part in split_line(long_word, "DejaVuSans", 10, 200)) < 60


def test_a_long_cost_line_wraps_in_the_plan_van_aanpak(db: Database, world: World) -> None:
    from swv_desktop.models import Kostenregel

    with db.transaction() as s:
        s.execute(update(Kostenregel).values(omschrijving="Orthopedagoog " * 20 + PASTED))
    text = all_text(
        render_preview(db, world.actors[Rol.PROGRAMMADIRECTEUR], world.beschikkingen["groep"])
    )
    assert "Orthopedagoog Orthopedagoog" in text and "\x00" not in text
