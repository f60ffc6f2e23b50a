"""``swv-desktop check``: clean on the demo database, and each planted fault is found and named
without a crash and without changing the file."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from swv_desktop.check.database import check_database
from swv_desktop.cli import main
from swv_desktop.demo.generator import generate_demo


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo database for the module; tests that change it work on a copy."""
    path = tmp_path_factory.mktemp("check") / "demo.db"
    generate_demo(path)
    return path


@pytest.fixture
def copy(demo_path: Path, tmp_path: Path) -> Path:
    target = tmp_path / "kopie.db"
    shutil.copyfile(demo_path, target)
    return target


def _sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys=OFF")
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def _one(path: Path, query: str) -> object:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(query).fetchone()[0]
    finally:
        conn.close()


def _findings(path: Path) -> str:
    report = check_database(path)
    assert not report.ok
    assert report.findings
    return "\n".join(report.findings)


def test_demo_database_is_clean_and_left_unchanged(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = hashlib.sha256(demo_path.read_bytes()).hexdigest()
    report = check_database(demo_path)
    assert report.ok, report.lines
    assert report.findings == []
    assert any("2022-2023: toegekend € 146.000,00" in line for line in report.lines)
    assert main(["check", "--db", str(demo_path)]) == 0
    out = capsys.readouterr().out
    assert "Geen bevindingen" in out and "Schemaversie" in out
    assert hashlib.sha256(demo_path.read_bytes()).hexdigest() == before
    assert not Path(f"{demo_path}-wal").exists()


def _individual_award(path: Path) -> tuple[int, str]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT b.id, a.nummer FROM besluit b JOIN aanvraag a ON a.id = b.aanvraag_id "
            "WHERE a.soort = 'individueel' AND b.uitkomst = 'toegekend' ORDER BY b.id LIMIT 1"
        ).fetchone()
    finally:
        conn.close()


def test_award_above_the_cap(copy: Path) -> None:
    besluit_id, nummer = _individual_award(copy)
    _sql(copy, f"UPDATE besluit SET toegekend_cents = 800001 WHERE id = {besluit_id}")
    found = _findings(copy)
    assert f"Aanvraag {nummer}: toegekend € 8.000,01" in found


def test_leerling_above_the_cap_in_one_year(copy: Path) -> None:
    conn = sqlite3.connect(copy)
    try:
        (a1, l1, j), (a2, _l2, _j2) = conn.execute(
            "SELECT a.id, a.leerling_id, a.schooljaar_id FROM aanvraag a "
            "JOIN besluit b ON b.aanvraag_id = a.id WHERE a.soort = 'individueel' "
            "AND b.uitkomst != 'afgewezen' AND a.schooljaar_id = 1 ORDER BY a.id LIMIT 2"
        ).fetchall()
        nummer = conn.execute(f"SELECT leerlingnummer FROM leerling WHERE id = {l1}").fetchone()[0]
    finally:
        conn.close()
    _sql(
        copy,
        f"UPDATE aanvraag SET leerling_id = {l1} WHERE id = {a2}",
        f"UPDATE besluit SET toegekend_cents = 500000 WHERE aanvraag_id IN ({a1}, {a2})",
    )
    assert f"Leerling {nummer} kreeg in 2021-2022 samen € 10.000,00" in _findings(copy)


def test_group_too_small_and_too_expensive(copy: Path) -> None:
    conn = sqlite3.connect(copy)
    try:
        aanvraag_id, nummer, plan_id = conn.execute(
            "SELECT a.id, a.nummer, g.id FROM aanvraag a JOIN groepsplan g ON g.aanvraag_id = a.id "
            "WHERE a.status = 'toegekend' ORDER BY a.id LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
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


def test_missing_beschikking(copy: Path) -> None:
    besluit_id, nummer = _individual_award(copy)
    kenmerk = _one(copy, f"SELECT kenmerk FROM beschikking WHERE besluit_id = {besluit_id}")
    _sql(copy, f"DELETE FROM beschikking WHERE besluit_id = {besluit_id}")
    found = _findings(copy)
    assert f"1 besluit(en) zonder beschikking: {nummer} (toegekend)" in found
    volgnummer = int(str(kenmerk).rsplit("-", 1)[1])
    assert f"ontbrekend: {volgnummer}" in found


def test_tampered_pdf(copy: Path) -> None:
    kenmerk = _one(copy, "SELECT kenmerk FROM beschikking ORDER BY id LIMIT 1")
    _sql(copy, f"UPDATE beschikking SET pdf = pdf || x'20' WHERE kenmerk = '{kenmerk}'")
    assert f"{kenmerk} (brief wijkt af van de vingerafdruk)" in _findings(copy)


def test_budget_overshoot_needs_a_note(copy: Path) -> None:
    _sql(copy, "UPDATE schooljaar SET budget_cents = 10000000 WHERE label = '2021-2022'")
    assert "2021-2022: het budget is met" in _findings(copy)
    _sql(
        copy,
        "INSERT INTO budget_notitie (schooljaar_id, overschrijding_cents, reden, aangemaakt_op, "
        "aangemaakt_door_id, wat_gemeld) VALUES (1, 100, 'Noodzakelijk', "
        "'2022-05-01 10:00:00.000000', 4, '')",
    )
    assert check_database(copy).ok


def test_kenmerk_out_of_sequence(copy: Path) -> None:
    _sql(copy, "UPDATE beschikking SET volgnummer = 99, kenmerk = 'MWB-2021-099' WHERE id = 1")
    assert "De volgnummers van de beschikkingen in 2021-2022 lopen niet door" in _findings(copy)


def test_status_without_besluit(copy: Path) -> None:
    nummer = _one(copy, "SELECT nummer FROM aanvraag WHERE status = 'concept' LIMIT 1")
    _sql(copy, f"UPDATE aanvraag SET status = 'toegekend' WHERE nummer = '{nummer}'")
    assert f"{nummer} (status toegekend)" in _findings(copy)


def test_foreign_key_broken(copy: Path) -> None:
    _sql(copy, "UPDATE aanvraag SET school_id = 9999 WHERE id = 1")
    assert "in tabel 'aanvraag' verwijzen naar een ontbrekende rij in 'school'" in _findings(copy)


def test_newer_schema_is_refused(copy: Path) -> None:
    _sql(copy, "UPDATE alembic_version SET version_num = '9999_toekomst'")
    found = _findings(copy)
    assert "nieuwer dan deze versie van swv-desktop" in found
    assert _one(copy, "SELECT version_num FROM alembic_version") == "9999_toekomst"


def test_not_an_swv_database(tmp_path: Path) -> None:
    path = tmp_path / "leeg-schema.db"
    _sql(path, "CREATE TABLE iets (id INTEGER)")
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
    path = tmp_path / "beschadigd.db"
    _damaged_pages(path, demo_path)
    report = check_database(path)
    assert not report.ok
    assert any("beschadigd" in f or "integriteitscontrole" in f for f in report.findings)


def test_missing_file_and_cli_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bestaat-niet.db"
    assert "bestaat niet" in _findings(path)
    assert main(["check", "--db", str(path)]) == 1
    out = capsys.readouterr().out
    assert "[fout]" in out and "bestaat niet" in out
    assert not path.exists()
