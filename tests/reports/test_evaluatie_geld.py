"""The evaluation with the schools' accounts: settled amounts count where they exist (spent and
unspent money, cost per pupil kept in regular VO), in the PDF and the Excel export, against a
direct query."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook
from pdftext import all_text
from report_world import World
from sqlalchemy import text
from test_vaststelling_brief import _settled

from swv_desktop.db import Database
from swv_desktop.models import Rol
from swv_desktop.services.evaluatie.use_cases import EvaluatieSoort
from swv_desktop.services.evaluatie.use_cases import evaluation_figures
from swv_desktop.services.evaluatie.use_cases import report_pdf
from swv_desktop.services.evaluatie.use_cases import report_xlsx


def _exact(value: object) -> object:
    """A number cell as the exact decimal it shows (openpyxl reads numbers back as floats)."""
    return Decimal(str(value)).quantize(Decimal("0.01")) if isinstance(value, float) else value


def test_without_settlements_the_awards_count(db: Database, world: World) -> None:
    f = evaluation_figures(
        db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022", EvaluatieSoort.TUSSEN
    )
    assert not f.vastgesteld and f.benut_cents == f.toegekend_cents == 4_850_000
    assert "Nog geen toekenning is vastgesteld" in all_text(
        report_pdf(db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022", EvaluatieSoort.TUSSEN)
    )


def test_settled_amounts_count_where_they_exist(db: Database, world: World) -> None:
    _settled(db, world, paid=750_000, spent=612_345)
    f = evaluation_figures(
        db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022", EvaluatieSoort.TUSSEN
    )
    with db.read() as session:
        settled, awarded_settled = session.execute(
            text("select sum(vastgesteld_cents), sum(toegekend_cents) from vaststelling")
        ).one()
    (g,) = f.geld
    assert (g.vastgesteld_cents, g.toegekend_vastgesteld_cents) == (settled, awarded_settled)
    assert g.niet_besteed_cents == 137_655 == f.niet_besteed_cents
    assert f.benut_cents == 4_850_000 - 137_655
    assert f.kosten_per_behouden_cents == 942_469  # € 47.123,45 / 5, rounded
    assert f.toegekend_cents == 4_850_000  # what was awarded does not change
    body = all_text(
        report_pdf(db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022", EvaluatieSoort.TUSSEN)
    )
    for expected in (
        "Besteed en niet besteed",
        "Van de vastgestelde toekenningen is € 1.376,55 niet besteed.",
        "2021-2022 € 48.500,00 € 6.123,45 1 van 3 € 1.376,55 € 0,00 € 41.000,00",
        "Besteed (vastgesteld waar dat kan) € 47.123,45; niet besteed € 1.376,55",
        "Besteed bedrag per behouden leerling € 9.424,69",
    ):
        assert expected in body, expected
    wb = load_workbook(
        BytesIO(
            report_xlsx(
                db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022", EvaluatieSoort.TUSSEN
            )
        )
    )
    sheet = wb["Geld"]
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [_exact(c.value) for c in sheet[2]], strict=True))
    assert row["Pilotjaar"] == "2021-2022"
    assert row["Vastgesteld (€)"] == Decimal("6123.45")
    assert row["Niet besteed (€)"] == Decimal("1376.55")
    assert row["Betaald (€)"] == Decimal("7500.00")
    assert row["Nog terug te ontvangen (€)"] == Decimal("1376.55")
    kern = {r[0].value: _exact(r[1].value) for r in wb["Kerncijfers"].iter_rows(min_row=2)}
    assert kern["Besteed (vastgesteld waar dat kan)"] == Decimal("47123.45")
