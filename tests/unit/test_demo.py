"""The demo database: the figures the README promises, every rule of the regulation kept, the
story it must tell (an open application past the budget, overdue talks) and determinism."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from keyed import keyed_connect, unlock
from sqlalchemy import select
from sqlalchemy.orm import Session

from swv_desktop.cli import main
from swv_desktop.db import Database, open_database
from swv_desktop.demo.generator import DemoSummary, demo_clock, generate_demo
from swv_desktop.errors import KnownError
from swv_desktop.models import (
    Aanvraag,
    Beschikking,
    Besluit,
    Gebruiker,
    KostenSoort,
    Leerling,
    LeerlingUitkomst,
    Rol,
    School,
    Schoolbestuur,
    Schooljaar,
    Soort,
    Status,
    Voorwaarde,
)
from swv_desktop.services.aanvragen.regels import award_blockers
from swv_desktop.services.auth import authenticate
from swv_desktop.services.budget import budget_overview
from swv_desktop.services.toegang import Gate
from swv_desktop.services.voortgang import overdue_gesprekken

DEMO_TODAY = date(2023, 6, 15)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoSummary]:
    """One demo database for the whole module (tests here only read it)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    summary = generate_demo(path)
    return path, summary


@pytest.fixture
def demo_db(demo: tuple[Path, DemoSummary]) -> Iterator[Database]:
    database = open_database(demo[0], keys=unlock(demo[0]), create=False, clock=demo_clock())
    yield database
    database.close()


def _jaar(session: Session, label: str) -> Schooljaar:
    return session.scalars(select(Schooljaar).where(Schooljaar.label == label)).one()


def test_counts_asked_for(demo_db: Database, demo: tuple[Path, DemoSummary]) -> None:
    with demo_db.read() as s:
        assert len(s.scalars(select(Leerling)).all()) == 80
        assert len(s.scalars(select(Aanvraag)).all()) == 45
        assert len(s.scalars(select(School)).all()) == 14
        assert len(s.scalars(select(Schoolbestuur)).all()) == 6
        groups = s.scalars(select(Aanvraag).where(Aanvraag.soort == Soort.GROEP)).all()
        assert len(groups) == 6
        labels = [j.label for j in s.scalars(select(Schooljaar).order_by(Schooljaar.start_datum))]
        assert labels == ["2021-2022", "2022-2023"]
        roles = Counter(u.rol for u in s.scalars(select(Gebruiker)))
        assert roles == {
            Rol.CONTACTPERSOON: 3,
            Rol.PROGRAMMADIRECTEUR: 1,
            Rol.SECRETARIAAT: 1,
            Rol.BEHEERDER: 1,
        }
        for school in s.scalars(select(School)):
            assert re.fullmatch(r"\d{2}[A-Z]{2}", school.brin)
            assert school.vestigingsnummer == school.brin + "00"
            assert school.contactpersoon_id is not None
    text = str(demo[1])
    assert "80 leerlingen" in text and "45 aanvragen" in text
    assert "2022-2023: toegekend € 146.000,00 van € 150.000,00" in text


def test_every_status_of_the_workflow_occurs(demo_db: Database) -> None:
    with demo_db.read() as s:
        statuses = {a.status for a in s.scalars(select(Aanvraag))}
    assert statuses == set(Status)


@pytest.mark.parametrize(
    "username",
    ["contactpersoon", "contactpersoon2", "programmadirecteur", "secretariaat", "beheerder"],
)
def test_demo_accounts_sign_in(demo: tuple[Path, DemoSummary], username: str) -> None:
    gate = Gate(demo[0], clock=demo_clock())
    assert gate.accounts == [
        "beheerder",
        "contactpersoon",
        "contactpersoon2",
        "contactpersoon3",
        "programmadirecteur",
        "secretariaat",
    ]
    actor = gate.sign_in(username, "demo-welkom-2021")
    assert actor.gebruikersnaam == username
    assert gate.db is not None
    assert authenticate(gate.db, username, "demo-welkom-2021") == actor
    gate.sign_out()


def test_last_year_has_an_open_application_past_the_budget(demo_db: Database) -> None:
    with demo_db.read() as s:
        jaar = _jaar(s, "2022-2023")
        pending = s.scalars(
            select(Aanvraag.aangevraagd_cents).where(
                Aanvraag.schooljaar_id == jaar.id, Aanvraag.status == Status.TER_BESLUITVORMING
            )
        ).all()
        jaar_id, budget = jaar.id, jaar.budget_cents
    overview = budget_overview(demo_db, jaar_id)
    assert budget == 15_000_000
    assert overview.awarded_cents == 14_600_000
    assert any(overview.awarded_cents + amount > budget for amount in pending)
    first = budget_overview(demo_db, 1)
    assert first.label == "2021-2022" and first.awarded_cents <= first.budget_cents
    assert first.pending_cents == 0


def test_overdue_gesprekken_exist_only_in_the_running_year(demo_db: Database) -> None:
    overdue = overdue_gesprekken(demo_db, DEMO_TODAY)
    assert overdue
    assert all(row.nummer.startswith("A2022-") and row.due < DEMO_TODAY for row in overdue)


def test_awards_keep_every_rule(demo_db: Database) -> None:
    with demo_db.read() as s:
        awards = s.scalars(
            select(Aanvraag).where(
                Aanvraag.status.in_([Status.TOEGEKEND, Status.GEDEELTELIJK_TOEGEKEND])
            )
        ).all()
        assert len(awards) == 34
        per_leerling: Counter[tuple[int, int]] = Counter()
        for a in awards:
            assert award_blockers(s, a) == [], a.nummer
            besluit = s.scalars(select(Besluit).where(Besluit.aanvraag_id == a.id)).one()
            assert besluit.besloten_door.rol is Rol.PROGRAMMADIRECTEUR
            assert 0 < besluit.toegekend_cents <= a.aangevraagd_cents
            jaar = a.schooljaar
            if a.soort is Soort.INDIVIDUEEL:
                assert besluit.toegekend_cents <= jaar.individueel_max_cents
                per_leerling[(a.leerling_id, jaar.id)] += besluit.toegekend_cents
            else:
                plan = a.groepsplan
                leerlingen = {d.leerling_id for d in plan.deelnemers}
                assert 5 <= len(leerlingen) <= 8
                assert {d.leerling.school_id for d in plan.deelnemers} == {a.school_id}
                assert besluit.toegekend_cents <= jaar.groep_max_cents
                assert all(k.soort is KostenSoort.ONDERSTEUNING for k in plan.kostenregels)
                assert sum(k.bedrag_cents for k in plan.kostenregels) == a.aangevraagd_cents
                assert jaar.start_datum <= plan.periode_start <= plan.periode_eind
                assert plan.periode_eind <= jaar.eind_datum
        assert max(per_leerling.values()) <= 800_000


def test_history_and_conditions_are_complete(demo_db: Database) -> None:
    with demo_db.read() as s:
        for a in s.scalars(select(Aanvraag)):
            steps = a.geschiedenis
            assert steps[0].van is None and steps[0].naar is Status.CONCEPT
            assert all(x.naar == y.van for x, y in zip(steps, steps[1:], strict=False))
            assert steps[-1].naar is a.status
            assert {c.voorwaarde for c in a.voorwaarden} == set(Voorwaarde)
            assert (a.besproken_op is not None) == any(x.naar is Status.BESPROKEN for x in steps)


def test_beschikkingen_issued_with_sequential_kenmerken(demo_db: Database) -> None:
    with demo_db.read() as s:
        for label in ("2021-2022", "2022-2023"):
            jaar = _jaar(s, label)
            rows = s.scalars(
                select(Beschikking)
                .where(Beschikking.schooljaar_id == jaar.id)
                .order_by(Beschikking.volgnummer)
            ).all()
            assert [b.volgnummer for b in rows] == list(range(1, len(rows) + 1))
            for b in rows:
                assert b.kenmerk == f"MWB-{jaar.start_datum.year}-{b.volgnummer:03d}"
                assert b.uitgegeven_op is not None and b.pdf is not None
                assert hashlib.sha256(b.pdf).hexdigest() == b.sha256
                assert b.pdf.startswith(b"%PDF")


def test_outcomes_recorded_for_the_first_year(demo_db: Database) -> None:
    with demo_db.read() as s:
        jaar = _jaar(s, "2021-2022")
        outcomes = s.scalars(
            select(LeerlingUitkomst).where(LeerlingUitkomst.schooljaar_id == jaar.id)
        ).all()
    assert len(outcomes) == 31


def test_refuses_to_overwrite_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "bestaand.db"
    path.write_bytes(b"niet leeg")
    with pytest.raises(KnownError, match="bestaat al"):
        generate_demo(path)
    assert path.read_bytes() == b"niet leeg"


def test_cli_demo_refuses_existing_file_and_bad_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bestaand.db"
    path.write_bytes(b"x")
    assert main(["demo", "--db", str(path)]) == 1
    assert "bestaat al" in capsys.readouterr().err
    assert main(["demo", "--db", str(tmp_path / "nieuw.db"), "--pupils", "5"]) == 1
    assert "tussen 20" in capsys.readouterr().err
    assert not (tmp_path / "nieuw.db").exists()


def _fingerprint(path: Path) -> list[tuple[object, ...]]:
    conn = keyed_connect(path)
    try:
        rows = []
        for table in ("leerling", "aanvraag", "besluit", "voortgangsgesprek", "opp"):
            rows += conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
        rows += conn.execute("SELECT kenmerk, briefdatum FROM beschikking ORDER BY id").fetchall()
        return rows
    finally:
        conn.close()


def test_same_seed_same_data_and_cli_prints_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    assert main(["demo", "--db", str(first), "--pupils", "30", "--years", "1"]) == 0
    out = capsys.readouterr().out
    assert "30 leerlingen" in out and "2021-2022: toegekend" in out
    generate_demo(second, leerlingen=30, years=1)
    assert _fingerprint(first) == _fingerprint(second)
    other = tmp_path / "c.db"
    generate_demo(other, leerlingen=30, years=1, seed=7)
    assert _fingerprint(first) != _fingerprint(other)
