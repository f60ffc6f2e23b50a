"""``swv-desktop check``: clean on the demo database, and each planted fault is found and named
without a crash and without changing the file; the planted faults on SQLite and on PostgreSQL
(the same demo in a database copied from a template; faults planted past the foreign keys with
``session_replication_role = replica``), with the same findings."""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from keyed import copy_database
from keyed import keyed_connect
from keyed import unlock
from sqlalchemy import Engine
from sqlalchemy import create_engine
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool

from swv_desktop.check.database import check_database
from swv_desktop.cli import main
from swv_desktop.demo.generator import generate_demo
from swv_desktop.encryption.connect import connect
from swv_desktop.encryption.keyslots import KeyRing
from swv_desktop.encryption.keyslots import sidecar_path


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo database for the module; tests that change it work on a copy."""
    path = tmp_path_factory.mktemp("check") / "demo.db"
    generate_demo(path)
    return path


@pytest.fixture(scope="module")
def pg_demo(pg_admin: Engine) -> Iterator[tuple[Engine, URL]]:
    """The same demo once in a PostgreSQL database of the session's server (the template)."""
    name = f"swv_check_demo_{os.getpid()}"
    with pg_admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    url = pg_admin.url.set(database=name)
    generate_demo(url)
    yield pg_admin, url
    with pg_admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def copy(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Path | URL]:
    """A copy of the demo to plant a fault in: a SQLite file, or a PostgreSQL database."""
    if backend == "sqlite":
        yield copy_database(request.getfixturevalue("demo_path"), tmp_path / "kopie.db")
        return
    admin, template = request.getfixturevalue("pg_demo")
    name = f"swv_check_{os.getpid()}_{next(_NUMBERS)}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {template.database}")
    yield template.set(database=name)
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


_NUMBERS = itertools.count(1)


def _pg(url: URL) -> Engine:
    return create_engine(url, poolclass=NullPool)


def _sql(path: Path | URL, *statements: str, plain: bool = False) -> None:
    if isinstance(path, URL):
        engine = _pg(path)
        with engine.begin() as pg:
            pg.exec_driver_sql("SET LOCAL session_replication_role = replica")  # no FK triggers
            for statement in statements:
                pg.exec_driver_sql(statement.replace("x'20'", "'\\x20'::bytea"))
        engine.dispose()
        return
    conn = connect(path, None) if plain else keyed_connect(path)
    try:
        conn.execute("PRAGMA foreign_keys=OFF")
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def _one(path: Path | URL, query: str) -> object:
    if isinstance(path, URL):
        engine = _pg(path)
        with engine.connect() as pg:
            value = pg.exec_driver_sql(query).scalar()
        engine.dispose()
        return value
    conn = keyed_connect(path)
    try:
        return conn.execute(query).fetchone()[0]
    finally:
        conn.close()


def _rows(path: Path | URL, query: str) -> list[tuple[Any, ...]]:
    if isinstance(path, URL):
        engine = _pg(path)
        with engine.connect() as pg:
            rows = [tuple(r) for r in pg.exec_driver_sql(query).all()]
        engine.dispose()
        return rows
    conn = keyed_connect(path)
    try:
        return [tuple(r) for r in conn.execute(query).fetchall()]
    finally:
        conn.close()


def _keys(path: Path | URL) -> KeyRing | None:
    return unlock(path) if isinstance(path, Path) and sidecar_path(path).exists() else None


def _findings(path: Path | URL) -> str:
    keys = _keys(path)
    report = check_database(path, keys=keys)
    assert not report.ok
    assert report.findings
    return "\n".join(report.findings)


def test_demo_database_is_clean_and_left_unchanged(
    demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = hashlib.sha256(demo_path.read_bytes()).hexdigest()
    report = check_database(demo_path, keys=unlock(demo_path))
    assert report.ok, report.lines
    assert report.findings == []
    assert any("2022-2023: toegekend € 146.000,00" in line for line in report.lines)
    assert any("De sleutel uit het sleutelbestand opent" in line for line in report.lines)
    # without a user the content cannot be read: said so, not a crash
    assert main(["check", "--db", str(demo_path)]) == 1
    assert "geef --user" in capsys.readouterr().out
    monkeypatch.setenv("SWV_PASSWORD", "demo-welkom-2021")
    assert main(["check", "--db", str(demo_path), "--user", "secretariaat"]) == 0
    out = capsys.readouterr().out
    assert "Geen bevindingen" in out and "Schemaversie" in out
    assert hashlib.sha256(demo_path.read_bytes()).hexdigest() == before
    assert not Path(f"{demo_path}-wal").exists()


def _individual_award(path: Path | URL) -> tuple[int, str]:
    (row,) = _rows(
        path,
        "SELECT b.id, a.nummer FROM besluit b JOIN aanvraag a ON a.id = b.aanvraag_id "
        "WHERE a.soort = 'individueel' AND b.uitkomst = 'toegekend' ORDER BY b.id LIMIT 1",
    )
    return int(row[0]), str(row[1])


def test_award_above_the_cap(copy: Path | URL) -> None:
    besluit_id, nummer = _individual_award(copy)
    _sql(copy, f"UPDATE besluit SET toegekend_cents = 800001 WHERE id = {besluit_id}")
    found = _findings(copy)
    assert f"Aanvraag {nummer}: toegekend € 8.000,01" in found


def test_leerling_above_the_cap_in_one_year(copy: Path | URL) -> None:
    (a1, l1, _j), (a2, _l2, _j2) = _rows(
        copy,
        "SELECT a.id, a.leerling_id, a.schooljaar_id FROM aanvraag a "
        "JOIN besluit b ON b.aanvraag_id = a.id WHERE a.soort = 'individueel' "
        "AND b.uitkomst != 'afgewezen' AND a.schooljaar_id = 1 ORDER BY a.id LIMIT 2",
    )
    nummer = _one(copy, f"SELECT leerlingnummer FROM leerling WHERE id = {l1}")
    _sql(
        copy,
        f"UPDATE aanvraag SET leerling_id = {l1} WHERE id = {a2}",
        f"UPDATE besluit SET toegekend_cents = 500000 WHERE aanvraag_id IN ({a1}, {a2})",
    )
    assert f"Leerling {nummer} kreeg in 2021-2022 samen € 10.000,00" in _findings(copy)


def test_group_too_small_and_too_expensive(copy: Path | URL) -> None:
    ((aanvraag_id, nummer, plan_id),) = _rows(
        copy,
        "SELECT a.id, a.nummer, g.id FROM aanvraag a JOIN groepsplan g ON g.aanvraag_id = a.id "
        "WHERE a.status = 'toegekend' ORDER BY a.id LIMIT 1",
    )
    _sql(
        copy,
        f"DELETE FROM groepsplan_leerling WHERE id IN (SELECT id FROM groepsplan_leerling "
        f"WHERE groepsplan_id = {plan_id} ORDER BY id LIMIT "
        f"(SELECT COUNT(*) - 4 FROM groepsplan_leerling WHERE groepsplan_id = {plan_id}))",
        f"UPDATE besluit SET toegekend_cents = 4000001 WHERE aanvraag_id = {aanvraag_id}",
    )
    found = _findings(copy)
    assert f"Groepsaanvraag {nummer} is toegekend voor 4 leerling(en); het minimum is 5" in found
    assert f"Groepsaanvraag {nummer}: toegekend € 40.000,01" in found


def test_missing_beschikking(copy: Path | URL) -> None:
    besluit_id, nummer = _individual_award(copy)
    kenmerk = _one(copy, f"SELECT kenmerk FROM beschikking WHERE besluit_id = {besluit_id}")
    _sql(copy, f"DELETE FROM beschikking WHERE besluit_id = {besluit_id}")
    found = _findings(copy)
    assert f"1 besluit(en) zonder beschikking: {nummer} (toegekend)" in found
    volgnummer = int(str(kenmerk).rsplit("-", 1)[1])
    assert f"ontbrekend: {volgnummer}" in found


ONE_ROW_CHANGED = {  # which row (its kenmerk or nummer), the change, what the check says
    "tampered_pdf": (
        "SELECT kenmerk FROM beschikking ORDER BY id LIMIT 1",
        "UPDATE beschikking SET pdf = pdf || x'20' WHERE kenmerk = '{}'",
        "{} (brief wijkt af van de vingerafdruk)",
    ),
    "status_without_besluit": (
        "SELECT nummer FROM aanvraag WHERE status = 'concept' LIMIT 1",
        "UPDATE aanvraag SET status = 'toegekend' WHERE nummer = '{}'",
        "{} (status toegekend)",
    ),
}


@pytest.mark.parametrize("case", ONE_ROW_CHANGED)
def test_one_row_changed_behind_the_app(copy: Path | URL, case: str) -> None:
    which, change, finding = ONE_ROW_CHANGED[case]
    row = _one(copy, which)
    _sql(copy, change.format(row))
    assert finding.format(row) in _findings(copy)


def test_budget_overshoot_needs_a_note(copy: Path | URL) -> None:
    _sql(copy, "UPDATE schooljaar SET budget_cents = 10000000 WHERE label = '2021-2022'")
    assert "2021-2022: het budget is met" in _findings(copy)
    _sql(
        copy,
        "INSERT INTO budget_notitie (schooljaar_id, overschrijding_cents, reden, aangemaakt_op, "
        "aangemaakt_door_id, wat_gemeld) VALUES (1, 100, 'Noodzakelijk', "
        "'2022-05-01 10:00:00.000000', 4, '')",
    )
    assert check_database(copy, keys=_keys(copy)).ok


def test_kenmerk_out_of_sequence(copy: Path | URL) -> None:
    _sql(copy, "UPDATE beschikking SET volgnummer = 99, kenmerk = 'MWB-2021-099' WHERE id = 1")
    assert "De volgnummers van de beschikkingen in 2021-2022 lopen niet door" in _findings(copy)


def test_foreign_key_broken(copy: Path | URL) -> None:
    _sql(copy, "UPDATE aanvraag SET school_id = 9999 WHERE id = 1")
    assert "in tabel 'aanvraag' verwijzen naar een ontbrekende rij in 'school'" in _findings(copy)


def test_newer_schema_is_refused(copy: Path | URL) -> None:
    _sql(copy, "UPDATE alembic_version SET version_num = '9999_toekomst'")
    found = _findings(copy)
    assert "nieuwer dan deze versie van swv-desktop" in found
    assert _one(copy, "SELECT version_num FROM alembic_version") == "9999_toekomst"


def test_not_an_swv_database(tmp_path: Path) -> None:
    path = tmp_path / "leeg-schema.db"
    _sql(path, "CREATE TABLE iets (id INTEGER)", plain=True)
    assert "geen schemaversie" in _findings(path)


def _garbage(path: Path) -> None:
    path.write_bytes(b"Dit is geen database maar een boodschappenlijst.\n" * 100)


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _damaged_pages(path: Path, source: Path) -> None:
    data = bytearray(source.read_bytes())
    for offset in range(4096, len(data) - 4096, 8192):
        data[offset : offset + 512] = b"\xff" * 512
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (_garbage, "geen SQLite-database"),
        (_empty, "leeg"),
    ],
)
def test_garbage_and_empty_files(
    tmp_path: Path, make: Callable[[Path], None], expected: str
) -> None:
    path = tmp_path / "kapot.db"
    make(path)
    assert expected in _findings(path)


def test_damaged_sqlite_file_is_reported_not_raised(demo_path: Path, tmp_path: Path) -> None:
    path = copy_database(demo_path, tmp_path / "beschadigd.db")
    _damaged_pages(path, demo_path)
    report = check_database(path, keys=unlock(path))
    assert not report.ok
    assert any("beschadigd" in f or "integriteitscontrole" in f for f in report.findings)


def test_missing_file_and_cli_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bestaat-niet.db"
    assert "bestaat niet" in _findings(path)
    assert main(["check", "--db", str(path)]) == 1
    out = capsys.readouterr().out
    assert "[fout]" in out and "bestaat niet" in out
    assert not path.exists()
