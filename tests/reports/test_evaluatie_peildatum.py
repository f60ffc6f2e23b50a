"""The peildatum of the evaluation reports, on SQLite and PostgreSQL: chosen within the
schooljaar and not after today (the first and last day pass, the day before and after and
tomorrow are refused in Dutch), the
figures count what was recorded on or before it (decisions as they stood that day, talks,
outcomes, pending applications), and the report and the audit trail name it."""

from __future__ import annotations

import argparse
from datetime import UTC
from datetime import date
from datetime import datetime

import pytest
from pdftext import all_text
from pdftext import pages
from report_world import World
from report_world import add_herziening
from report_world import give_password
from sqlalchemy import select

from swv_desktop.cli import _day
from swv_desktop.db import Database
from swv_desktop.errors import ValidationError
from swv_desktop.models import Rol
from swv_desktop.models import Toegang
from swv_desktop.models import ToegangActie
from swv_desktop.services.beschikkingen.uitgifte import issue_beschikking
from swv_desktop.services.evaluatie.peil import Peil
from swv_desktop.services.evaluatie.peil import default_peildatum
from swv_desktop.services.evaluatie.use_cases import EvaluatieSoort
from swv_desktop.services.evaluatie.use_cases import evaluation_figures
from swv_desktop.services.evaluatie.use_cases import report_pdf
from swv_desktop.services.evaluatie.use_cases import suggested_peildatum
from swv_desktop.services.evaluatie.use_cases import write_report

TUSSEN = EvaluatieSoort.TUSSEN


@pytest.fixture(autouse=True)
def after_the_pilot(clock) -> None:  # type: ignore[no-untyped-def]
    """The reports are made after both pilot years (the world's facts lie in 2021-2022)."""
    clock.set_date(date(2023, 9, 1))


def _by_label(rows) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {t.label: t.aantal for t in rows}


@pytest.mark.parametrize("day", [date(2021, 8, 1), date(2022, 7, 31)])
def test_the_first_and_last_day_of_the_schooljaar_are_a_peildatum(
    db: Database, world: World, day: date
) -> None:
    assert (
        evaluation_figures(
            db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022", TUSSEN, peildatum=day
        ).peildatum
        == day
    )


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (date(2021, 7, 31), "De peildatum 31 juli 2021 ligt buiten schooljaar 2021-2022"),
        (date(2022, 8, 1), "De peildatum 1 augustus 2022 ligt buiten schooljaar 2021-2022"),
    ],
)
def test_a_peildatum_outside_the_schooljaar_is_refused_in_dutch(
    db: Database, world: World, day: date, message: str
) -> None:
    pd = world.actors[Rol.PROGRAMMADIRECTEUR]
    with pytest.raises(ValidationError, match=message) as refused:
        report_pdf(db, pd, "2021-2022", TUSSEN, peildatum=day)
    assert refused.value.fields == {"peildatum"}
    assert "kies een datum van 1 augustus 2021 tot en met 31 juli 2022" in refused.value.message
    # the final report of 2022-2023 takes a day of 2022-2023, not of the first pilot year
    with pytest.raises(ValidationError, match="buiten schooljaar 2022-2023"):
        evaluation_figures(db, pd, "2022-2023", EvaluatieSoort.EIND, peildatum=date(2022, 7, 31))
    with pytest.raises(ValidationError, match="geldige peildatum"):
        evaluation_figures(db, pd, "2021-2022", TUSSEN, peildatum="2022-01-01")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="geldige peildatum"):
        evaluation_figures(db, pd, "2021-2022", TUSSEN, peildatum=datetime(2022, 1, 1, tzinfo=UTC))


def test_a_peildatum_after_today_is_refused(db: Database, world: World, clock) -> None:
    pd = world.actors[Rol.PROGRAMMADIRECTEUR]
    clock.set_date(date(2022, 3, 1))
    assert evaluation_figures(db, pd, "2021-2022", TUSSEN, peildatum=date(2022, 3, 1)).peildatum
    with pytest.raises(ValidationError, match="ligt na vandaag \\(1 maart 2022\\)"):
        evaluation_figures(db, pd, "2021-2022", TUSSEN, peildatum=date(2022, 3, 2))


def test_decisions_count_as_they_stood_on_the_peildatum(db: Database, world: World) -> None:
    """The awards are decided on 4 October 2021, the herziening on 15 November 2021."""
    issue_beschikking(db, world.actors[Rol.PROGRAMMADIRECTEUR], world.beschikkingen["individueel"])
    add_herziening(db, world)
    now = evaluation_figures(db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022", TUSSEN)
    assert now.toegekend_cents == 4_700_000
    before_revision = evaluation_figures(
        db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022", TUSSEN, peildatum=date(2021, 11, 14)
    )
    assert before_revision.toegekend_cents == 4_850_000
    on_the_day = evaluation_figures(
        db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022", TUSSEN, peildatum=date(2021, 11, 15)
    )
    assert on_the_day.toegekend_cents == 4_700_000
    # the day before any decision: nothing awarded, every submitted application still pending
    early = evaluation_figures(
        db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022", TUSSEN, peildatum=date(2021, 10, 3)
    )
    assert early.toegekend_cents == 0 and early.toekenningen == 0 and early.leerlingen == 0
    assert early.aanvragen == now.aanvragen  # all dated 13 September 2021
    decided = sum(t.aantal for t in now.besluiten)
    assert early.openstaand_aantal == now.openstaand_aantal + decided
    assert _by_label(early.besluiten) == {
        "Toegekend": 0,
        "Gedeeltelijk toegekend": 0,
        "Afgewezen": 0,
    }
    # and before the applications' date: no application at all
    empty = evaluation_figures(
        db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022", TUSSEN, peildatum=date(2021, 9, 12)
    )
    assert (empty.aanvragen, empty.openstaand_aantal) == (0, 0)
    assert len(empty.scholen_zonder_aanvraag) == empty.scholen_totaal


def test_talks_and_outcomes_count_up_to_the_peildatum(db: Database, world: World) -> None:
    """The talk is held on 20 December 2021; the outcomes are recorded on 4 October 2021."""
    held = "Voldoende voortgang"
    assert (
        _by_label(
            evaluation_figures(
                db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022", TUSSEN
            ).voortgang_gesprekken
        )[held]
        == 1
    )
    day_before = evaluation_figures(
        db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022", TUSSEN, peildatum=date(2021, 12, 19)
    )
    assert _by_label(day_before.voortgang_gesprekken)[held] == 0
    on_the_day = evaluation_figures(
        db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022", TUSSEN, peildatum=date(2021, 12, 20)
    )
    assert _by_label(on_the_day.voortgang_gesprekken)[held] == 1
    assert _by_label(on_the_day.resultaten)["Behouden in regulier VO"] == 5


def test_the_report_names_the_chosen_peildatum(db: Database, world: World) -> None:
    pdf = report_pdf(
        db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022", TUSSEN, peildatum=date(2021, 11, 14)
    )
    assert "Peildatum van de gegevens: 14 november 2021" in pages(pdf)[0]
    text = all_text(pdf)
    assert "Peildatum: 14 november 2021; het rapport toont wat tot en met die dag is" in text
    assert "besluiten zoals zij op die dag golden" in text


def test_write_report_and_the_cli_take_the_peildatum(
    db: Database, world: World, tmp_path, capsys, monkeypatch
) -> None:
    from swv_desktop import cli

    pd = world.actors[Rol.PROGRAMMADIRECTEUR]
    out = tmp_path / "tussen.pdf"
    write_report(db, pd, "2021-2022", TUSSEN, out, peildatum=date(2022, 7, 31))
    assert "Peildatum van de gegevens: 31 juli 2022" in pages(out.read_bytes())[0]
    with db.read() as s:
        logged = s.scalars(select(Toegang).where(Toegang.objectsoort == "evaluatie")).one()
        assert logged.actie is ToegangActie.EXPORT and "peildatum 2022-07-31" in logged.omschrijving
    give_password(db, pd.gebruikersnaam, "cli-wachtwoord-1")
    monkeypatch.setenv("SWV_PASSWORD", "cli-wachtwoord-1")
    args = ["report", "--db", db.location, "--user", pd.gebruikersnaam, "--year", "2021-2022"]
    args += ["--kind", "interim", "--out", str(tmp_path / "cli.pdf")]
    assert cli.main([*args, "--peildatum", "1-8-2022"]) == 1
    assert "ligt buiten schooljaar 2021-2022" in capsys.readouterr().err
    assert not (tmp_path / "cli.pdf").exists()
    assert cli.main([*args, "--peildatum", "14-11-2021"]) == 0
    assert "Peildatum van de gegevens: 14 november 2021" in all_text(
        (tmp_path / "cli.pdf").read_bytes()
    )
    with db.read() as s:  # a batch command signs in with the password, and it is logged
        where = s.scalars(
            select(Toegang.omschrijving).where(Toegang.actie == ToegangActie.AANMELDEN)
        ).all()
    assert where
    if db.path is None:
        assert "Op de opdrachtregel" in where
    monkeypatch.setenv("SWV_PASSWORD", "een-ander-wachtwoord")
    assert cli.main([*args, "--peildatum", "14-11-2021"]) == 1
    assert "Gebruikersnaam of wachtwoord is onjuist" in capsys.readouterr().err


def test_the_cli_reads_a_day_in_both_ways_and_refuses_others() -> None:
    assert _day("2022-07-31") == _day("31-7-2022") == date(2022, 7, 31)
    for wrong in ("31-13-2022", "morgen", "2022/07/31"):
        with pytest.raises(argparse.ArgumentTypeError, match="is geen datum"):
            _day(wrong)


def test_the_suggested_peildatum_is_today_within_the_year_or_its_end(
    db: Database, world: World, clock
) -> None:
    clock.set_date(date(2021, 10, 4))
    assert suggested_peildatum(db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022") == date(
        2021, 10, 4
    )  # the clock's day
    assert (
        suggested_peildatum(db, world.actors[Rol.PROGRAMMADIRECTEUR], "2022-2023") is None
    )  # not begun: no day of it yet
    clock.set_date(date(2022, 9, 1))
    assert suggested_peildatum(db, world.actors[Rol.PROGRAMMADIRECTEUR], "2021-2022") == date(
        2022, 7, 31
    )  # over: its last day
    assert suggested_peildatum(db, world.actors[Rol.PROGRAMMADIRECTEUR], "2022-2023") == date(
        2022, 9, 1
    )
    assert default_peildatum(date(2021, 8, 1), date(2022, 7, 31), date(2022, 7, 31)) == date(
        2022, 7, 31
    )


def test_the_peildatum_ends_at_midnight_dutch_time() -> None:
    """Summer time: midnight in Amsterdam is 22:00 UTC; winter time 23:00 UTC."""
    assert Peil(date(2022, 7, 31)).grens.isoformat() == "2022-07-31T22:00:00+00:00"
    assert Peil(date(2021, 12, 20)).grens.isoformat() == "2021-12-20T23:00:00+00:00"
