"""``swv-desktop server import``: a real encrypted standalone demo file brought into a real
PostgreSQL server database through the command line: counts per table, ``check`` on the server
(chain and seals under the server's key), a letter's PDF; the same file twice; a server that
already holds a school and pupils (server wins, reported); aanvraag-nummer collisions (renumbered,
or skipped when both letters are issued). What the import refuses, the dry run and the provable
deletion are in ``test_server_import_refusals.py``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from keyed import copy_database
from sqlalchemy import insert
from sqlalchemy import text
from sqlalchemy.engine import URL

from swv_desktop.check.database import check_database
from swv_desktop.encryption.keyslots import sidecar_path
from swv_desktop.models import Base

from .server_import import assert_check_passes
from .server_import import run
from .server_import import server_counts
from .server_import import server_engine
from .server_import import server_one
from .server_import import source_counts
from .server_import import source_one
from .server_import import source_sql

pytestmark = pytest.mark.usefixtures("import_passwords")


def test_demo_into_an_empty_server(
    server: URL, standalone: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = source_counts(standalone)
    letter = source_one(
        standalone,
        "SELECT kenmerk, pdf, sha256 FROM beschikking WHERE uitgegeven_op IS NOT NULL "
        "ORDER BY id LIMIT 1",
    )
    assert run(server, standalone) == 0
    out = capsys.readouterr().out
    after = server_counts(server)
    for name, count in before.items():
        if name not in ("audit_entry", "toegangslog"):
            assert after[name] == count, name
    assert after["audit_entry"] == before["audit_entry"] + 1  # the import's own entry
    # the access log comes along, with the import's own sign-in to the file (logged there)
    assert (
        after["toegangslog"]
        == source_counts(standalone)["toegangslog"]
        == (before["toegangslog"] + 1)
    )
    kenmerk, pdf, sha = letter
    stored = server_one(
        server, "SELECT pdf, sha256, zegel FROM beschikking WHERE kenmerk = :k", k=kenmerk
    )
    assert bytes(stored[0]) == bytes(pdf) and stored[1] == sha and stored[2]
    assert_check_passes(server)
    print(out)
    assert "Overgezet naar de server" in out and "Leerlingen" in out
    assert "verwijder het aantoonbaar" in out  # offered, not done
    assert "Account programmadirecteur (programmadirecteur, actief) toegevoegd" in out
    assert standalone.exists() and sidecar_path(standalone).exists()
    names = source_one(standalone, "SELECT group_concat(achternaam, '|') FROM leerling")[0]
    assert not any(n in out for n in names.split("|"))  # no pupil names in the report


def test_every_imported_row_has_a_change_number(imported: URL) -> None:
    missing = server_one(
        imported,
        "SELECT count(*) FROM leerling l WHERE NOT EXISTS (SELECT 1 FROM sync_wijziging w "
        "WHERE w.tabel = 'leerling' AND w.rij_id = l.id)",
    )[0]
    assert missing == 0


def test_the_same_file_twice_adds_nothing(
    imported: URL, standalone: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = imported
    first = server_counts(server)
    assert run(server, standalone) == 0
    out = capsys.readouterr().out
    second = server_counts(server)
    # the import's own audit entry, and its sign-in to the file (logged there, then brought over)
    assert second == {
        **first,
        "audit_entry": first["audit_entry"] + 1,
        "toegangslog": first["toegangslog"] + 1,
    }
    rows = [line.split() for line in out.splitlines() if line.startswith("  Leerlingen")]
    assert rows == [["Leerlingen", "0", "20", "0", "0"]]
    assert_check_passes(server)


def _source_rows(path: Path) -> dict[str, list[dict[str, Any]]]:
    from keyed import unlock

    from swv_desktop.opening import open_database
    from swv_desktop.sync.importeren import read_source

    db = open_database(path, keys=unlock(path), create=False)
    try:
        return read_source(db, path.name).rijen
    finally:
        db.close()


def _no_id(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "id"}


def test_a_server_with_a_school_and_pupils_already(
    server: URL, standalone: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The server made its own records of one school and three of its pupils (other ids, a
    changed address and leerjaar): they are merged, the server's values stay, and the report
    names the differences by vestigingsnummer and leerlingnummer."""
    rows = _source_rows(standalone)
    school = max(
        rows["school"], key=lambda s: sum(p["school_id"] == s["id"] for p in rows["leerling"])
    )
    bestuur = next(b for b in rows["schoolbestuur"] if b["id"] == school["bestuur_id"])
    pupils = [p for p in rows["leerling"] if p["school_id"] == school["id"]][:3]
    assert pupils
    tables = Base.metadata.tables
    engine = server_engine(server)
    with engine.begin() as conn:
        conn.exec_driver_sql("SELECT setval('school_id_seq', 500)")  # other ids than the file's
        bestuur_id = conn.execute(
            insert(tables["schoolbestuur"]).values(_no_id(bestuur)).returning(text("id"))
        ).scalar_one()
        school_id = conn.execute(
            insert(tables["school"])
            .values(
                _no_id(school)
                | {"bestuur_id": bestuur_id, "contactpersoon_id": None}
                | {"adres": "Nieuwe Haven 12"}
            )
            .returning(text("id"))
        ).scalar_one()
        for pupil in pupils:
            values = _no_id(pupil) | {"school_id": school_id, "leerjaar": 6}
            conn.execute(insert(tables["leerling"]).values(values))
    engine.dispose()
    assert run(server, standalone) == 0
    out = capsys.readouterr().out
    before, after = source_counts(standalone), server_counts(server)
    assert {k: after[k] for k in before if k != "audit_entry"} == {
        k: v for k, v in before.items() if k != "audit_entry"
    }
    assert server_one(server, "SELECT adres FROM school WHERE id = :i", i=school_id)[0] == (
        "Nieuwe Haven 12"
    )
    assert f"school {school['vestigingsnummer']}: adres, contactpersoon wijken af" in out
    for pupil in pupils:
        assert f"leerling {pupil['leerlingnummer']}: leerjaar wijkt af" in out
        assert pupil["achternaam"] not in out and pupil["voornaam"] not in out
    six = server_one(server, "SELECT count(*) FROM leerling WHERE leerjaar = 6")[0]
    assert six >= len(pupils)
    assert_check_passes(server)


def _second_copy(demo_file: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "tweede-laptop"
    folder.mkdir()
    return copy_database(demo_file, folder / "bureau.db")


def test_an_unissued_aanvraag_with_a_taken_number_is_renumbered(
    imported: URL, demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = imported
    other = _second_copy(demo_file, tmp_path)
    nummer, cents = source_one(
        other,
        "SELECT nummer, aangevraagd_cents FROM aanvraag a WHERE NOT EXISTS "
        "(SELECT 1 FROM besluit b WHERE b.aanvraag_id = a.id) ORDER BY id LIMIT 1",
    )
    source_sql(
        other, f"UPDATE aanvraag SET aangevraagd_cents = {cents + 100} WHERE nummer = '{nummer}'"
    )
    capsys.readouterr()
    assert run(server, other) == 0
    out = capsys.readouterr().out
    assert f"aanvraag {nummer}: dit nummer is op de server in gebruik" in out
    kept = server_one(server, "SELECT aangevraagd_cents FROM aanvraag WHERE nummer = :n", n=nummer)
    assert kept[0] == cents  # the server's aanvraag keeps its number
    new = server_one(
        server, "SELECT nummer FROM aanvraag WHERE aangevraagd_cents = :c", c=cents + 100
    )[0]
    assert new != nummer and f"heet nu {new}" in out
    aanvragen = [line.split() for line in out.splitlines() if line.startswith("  Aanvragen")]
    assert aanvragen[0][1:] == ["1", "12", "1", "0"]
    assert_check_passes(server)


@pytest.mark.parametrize("clash", ["aanvraagnummer", "kenmerk"])
def test_both_issued_is_skipped_and_reported(
    clash: str, imported: URL, demo_file: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """The same aanvraag number (or, with another number, the same kenmerk) with an issued
    letter on both sides: the imported aanvraag is skipped with all that hangs from it, the file
    is not offered for deletion, the exit code says so."""
    server = imported
    before = server_counts(server)
    other = _second_copy(demo_file, tmp_path)
    aanvraag_id, nummer, kenmerk = source_one(
        other,
        "SELECT a.id, a.nummer, s.kenmerk FROM aanvraag a JOIN besluit b ON b.aanvraag_id = a.id "
        "JOIN beschikking s ON s.besluit_id = b.id WHERE s.uitgegeven_op IS NOT NULL "
        "ORDER BY a.id LIMIT 1",
    )
    new_number = ", nummer = 'A2099-001'" if clash == "kenmerk" else ""
    source_sql(
        other,
        f"UPDATE aanvraag SET aangevraagd_cents = aangevraagd_cents + 100{new_number} "
        f"WHERE id = {aanvraag_id}",
    )
    capsys.readouterr()
    assert run(server, other, "--verwijder-bron") == 2
    out = capsys.readouterr().out
    kenmerken = source_one(
        other,
        "SELECT group_concat(s.kenmerk, '|') FROM beschikking s JOIN besluit b "
        f"ON b.id = s.besluit_id WHERE b.aanvraag_id = {aanvraag_id}",
    )[0].split("|")
    assert kenmerk in kenmerken
    whats = (
        [f"aanvraag {nummer}"]
        if clash == "aanvraagnummer"
        else [f"beschikking {k}" for k in kenmerken]
    )  # a revised besluit has two letters: either may be the one found first
    assert any(
        f"{what}: zowel op de server als in het bronbestand met een uitgegeven brief" in out
        for what in whats
    ), out
    assert "Met de hand oplossen" in out and "Het bronbestand blijft bestaan" in out
    after = server_counts(server)
    assert {k: after[k] for k in ("aanvraag", "besluit", "beschikking", "status_wijziging")} == {
        k: before[k] for k in ("aanvraag", "besluit", "beschikking", "status_wijziging")
    }
    assert other.exists() and sidecar_path(other).exists()
    assert_check_passes(server)


def test_the_server_side_without_a_letter_is_renumbered(
    imported: URL, standalone: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The imported aanvraag and beschikking have an issued letter, the server's with the same
    numbers (another record) none: the server's get the next free numbers (audited), the issued
    letter keeps its kenmerk, its PDF and a valid seal."""
    server = imported
    aanvraag, kenmerk, sha = source_one(
        standalone,
        "SELECT a.nummer, s.kenmerk, s.sha256 FROM aanvraag a JOIN besluit b "
        "ON b.aanvraag_id = a.id JOIN beschikking s ON s.besluit_id = b.id "
        "WHERE s.uitgegeven_op IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM vaststelling v WHERE v.aanvraag_id = a.id) ORDER BY a.id LIMIT 1",
    )
    engine = server_engine(server)
    with engine.begin() as conn:  # on the server: another record under the same numbers, unissued
        conn.execute(
            text(
                "UPDATE beschikking SET uitgegeven_op = NULL, pdf = NULL, sha256 = NULL, "
                "zegel = NULL WHERE kenmerk = :k"
            ),
            {"k": kenmerk},
        )
        conn.execute(
            text("UPDATE aanvraag SET aangevraagd_cents = aangevraagd_cents + 1 WHERE nummer = :n"),
            {"n": aanvraag},
        )
    engine.dispose()
    capsys.readouterr()
    assert run(server, standalone) == 0
    out = capsys.readouterr().out
    assert f"aanvraag {aanvraag}: op de server nog zonder uitgegeven brief" in out
    assert f"beschikking {kenmerk}: op de server nog zonder uitgegeven brief" in out
    letter = server_one(
        server, "SELECT sha256, zegel, uitgegeven_op FROM beschikking WHERE kenmerk = :k", k=kenmerk
    )
    assert letter[0] == sha and letter[1] and letter[2] is not None
    renumbered = server_one(
        server,
        "SELECT count(*) FROM audit_entry WHERE actie = 'hernummerd bij import' "
        "AND entiteit IN ('aanvraag', 'beschikking')",
    )[0]
    assert renumbered == 2
    report = check_database(server.render_as_string(hide_password=False))
    lines = "\n".join(report.lines)
    assert "komt overeen met zijn uitgegeven beschikking" in lines, lines
    assert "lopen per schooljaar zonder gaten door" in lines, lines
