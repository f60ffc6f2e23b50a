"""The evaluation report as documents: the PDF shows the service's figures and opens with a
one-page summary and a cut-off date, the final report waits until every question is answered, the
conclusions are for the programmadirecteur, the Excel has the same figures and is safe from
formulas, the command line writes the report and the letters, and the charts stay readable."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pdftext import pages
from report_world import World
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
from swv_desktop.services.evaluatie.use_cases import EvaluatieSoort
from swv_desktop.services.evaluatie.use_cases import evaluation_figures
from swv_desktop.services.evaluatie.use_cases import get_conclusions
from swv_desktop.services.evaluatie.use_cases import report_pdf
from swv_desktop.services.evaluatie.use_cases import report_xlsx
from swv_desktop.services.evaluatie.use_cases import save_conclusions


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
