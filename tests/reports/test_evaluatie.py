"""The evaluation reports: the figures answer every monitoring question, equal the budget service's
sums, follow herzieningen, and the PDF and Excel show exactly these figures."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pdftext import all_text, pages
from report_world import World, add_herziening
from sqlalchemy import update

from swv_desktop import cli
from swv_desktop.db import Database
from swv_desktop.errors import PermissionDenied, ValidationError
from swv_desktop.formatting import money
from swv_desktop.models import Rol, School
from swv_desktop.reports.excel import safe_text
from swv_desktop.services.beschikkingen.uitgifte import issue_beschikking
from swv_desktop.services.budget import budget_overview
from swv_desktop.services.evaluatie.use_cases import (
    EvaluatieSoort,
    evaluation_figures,
    get_conclusions,
    report_pdf,
    report_xlsx,
    save_conclusions,
)


def _by_label(rows) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {t.label: t.aantal for t in rows}


def test_interim_figures_answer_every_question(db: Database, world: World) -> None:
    f = evaluation_figures(db, "2021-2022", EvaluatieSoort.TUSSEN)
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
    f = evaluation_figures(db, "2021-2022", EvaluatieSoort.TUSSEN)
    assert f.toegekend_cents == budget_overview(db, world.jaar_id).awarded_cents == 4_700_000
    assert f.per_soort[0].aanvragen == 4  # the revised aanvraag still counts once


def test_final_report_covers_every_pilot_year_up_to_that_year(db: Database, world: World) -> None:
    f = evaluation_figures(db, "2022-2023", EvaluatieSoort.EIND)
    assert f.jaren == ("2021-2022", "2022-2023")
    assert f.titel == "Eindevaluatie Pilot Maatwerkbudget 2021-2022 t/m 2022-2023"
    assert f.budget_cents == 30_000_000
    assert f.toegekend_cents == 4_850_000
    text = all_text(report_pdf(db, "2022-2023", EvaluatieSoort.EIND))
    assert "2022-2023 € 150.000,00 € 0,00 0,0%" in text


def test_report_pdf_shows_the_service_figures(db: Database, world: World) -> None:
    save_conclusions(
        db,
        world.actors[Rol.PROGRAMMADIRECTEUR],
        world.jaar_id,
        EvaluatieSoort.TUSSEN,
        "De pilot werkt: 5 leerlingen bleven.",
    )
    f = evaluation_figures(db, "2021-2022", EvaluatieSoort.TUSSEN)
    page_texts = pages(report_pdf(db, "2021-2022", EvaluatieSoort.TUSSEN))
    text = " ".join(page_texts)
    for expected in [
        "Tussenevaluatie Pilot Maatwerkbudget 2021-2022",
        "Welke scholen/schoolbesturen maken gebruik van het maatwerkbudget?",
        "Welke bedragen worden aangevraagd?",
        "Waar zetten de scholen het maatwerkbudget voor in?",
        "de expertise van het vso ingezet?",
        "onderwijsvoortgang (binnen regulier vo) van de leerling(en)?",
        "In hoeverre draagt het maatwerkbudget bij aan de geformuleerde doelstelling?",
        f"Toegekend bedrag {money(f.toegekend_cents)}",
        f"Beschikbaar budget {money(f.budget_cents)}",
        f"Leerlingen bereikt {f.leerlingen}",
        "Individueel 4 2 € 22.500,00 € 12.500,00 € 6.250,00",
        "Groepsaanpak 1 1 € 36.000,00 € 36.000,00 € 36.000,00",
        "Stichting VO Heuvelland 4 2 13 € 50.500,00 € 43.500,00",
        "Behouden in regulier VO 5",
        "Verwezen naar VSO 1",
        "VSO De Berg 2",
        "2021-2022 € 1.200,00 4 oktober 2021 12 oktober 2021 Urgente groepsaanpak",
        "De pilot werkt: 5 leerlingen bleven.",
        "Petra Directeur",
    ]:
        assert expected in text, expected
    assert all(f"pagina {i} van {len(page_texts)}" in p for i, p in enumerate(page_texts, start=1))


def test_conclusions_are_for_the_programmadirecteur(db: Database, world: World) -> None:
    with pytest.raises(PermissionDenied):
        save_conclusions(db, world.actors[Rol.BEHEERDER], world.jaar_id, EvaluatieSoort.TUSSEN, "x")
    with pytest.raises(ValidationError) as err:
        save_conclusions(db, world.actors[Rol.PROGRAMMADIRECTEUR], world.jaar_id, "jaarlijks", "x")
    assert err.value.fields == {"soort"}
    assert get_conclusions(db, world.jaar_id, EvaluatieSoort.TUSSEN) == ""
    save_conclusions(
        db,
        world.actors[Rol.PROGRAMMADIRECTEUR],
        world.jaar_id,
        EvaluatieSoort.EIND,
        "  Structureel maken. ",
    )
    assert get_conclusions(db, world.jaar_id, EvaluatieSoort.EIND) == "Structureel maken."


def test_excel_has_the_same_figures_and_is_safe_from_formulas(db: Database, world: World) -> None:
    with db.transaction() as session:
        session.execute(
            update(School)
            .where(School.naam == "Heuvelland Mavo")
            .values(naam='=HYPERLINK("http://x")')
        )
    f = evaluation_figures(db, "2021-2022", EvaluatieSoort.TUSSEN)
    wb = load_workbook(BytesIO(report_xlsx(db, "2021-2022", EvaluatieSoort.TUSSEN)))
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


def test_cli_writes_report_and_letters(db: Database, world: World, tmp_path: Path, capsys) -> None:
    issue_beschikking(db, world.actors[Rol.PROGRAMMADIRECTEUR], world.beschikkingen["groep"])
    path = db.location  # a SQLite path or a PostgreSQL URL
    out_pdf, out_xlsx = tmp_path / "rapport.pdf", tmp_path / "rapport.xlsx"
    assert (
        cli.main(
            [
                "report",
                "--db",
                path,
                "--year",
                "2021-2022",
                "--kind",
                "interim",
                "--out",
                str(out_pdf),
                "--xlsx",
                str(out_xlsx),
            ]
        )
        == 0
    )
    assert out_pdf.read_bytes().startswith(b"%PDF") and out_xlsx.stat().st_size > 0
    assert (
        cli.main(
            ["letters", "--db", path, "--year", "2021-2022", "--out", str(tmp_path / "brieven")]
        )
        == 0
    )
    assert sorted(p.name for p in (tmp_path / "brieven").iterdir()) == [
        "MWB-2021-002.pdf",
        "beschikkingen-2021-2022-alle.pdf",
    ]
    printed = capsys.readouterr().out
    assert "Tussenevaluatie Pilot Maatwerkbudget 2021-2022 weggeschreven" in printed
    assert "1 beschikking van 2021-2022 weggeschreven" in printed
