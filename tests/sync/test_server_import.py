"""``swv-desktop server import``: a real encrypted standalone demo file brought into a real
PostgreSQL server database through the command line: counts per table, ``check`` on the server
(chain and seals under the server's key), a letter's PDF; the same file twice; a server that
already holds a school and pupils (server wins, reported); aanvraag-nummer collisions (renumbered,
or skipped when both letters are issued); the refusals; the dry run; the provable deletion."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from keyed import DEMO_PASSWORD, copy_database, keyed_connect
from sqlalchemy import Engine, create_engine, func, insert, select, text
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool

from swv_desktop.check.database import check_database
from swv_desktop.cli import main
from swv_desktop.demo.generator import generate_demo
from swv_desktop.encryption.keyslots import sidecar_path
from swv_desktop.models import Base, Gebruiker, Rol
from swv_desktop.sync.samenvoegen import imported_tables

SERVER_PASSWORD = "test-wachtwoord-1"  # the session fixture password_hash hashes it
AUDIT_KEY = "5e" * 32
_NUMBERS = itertools.count(1)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One small encrypted demo file for the module (tests import copies of it)."""
    path = tmp_path_factory.mktemp("standalone") / "bureau.db"
    generate_demo(path, leerlingen=20)
    return path


@pytest.fixture
def standalone(demo_file: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "laptop"
    folder.mkdir()
    return copy_database(demo_file, folder / "bureau.db")


@pytest.fixture
def server(
    pg_admin: Engine, pg_cluster: Any, pg_template: str, password_hash: str
) -> Iterator[URL]:
    """An empty migrated server database with one beheerder account ('beheerder', as in the
    demo: the accounts are matched by name)."""
    name = f"swv_import_{os.getpid()}_{next(_NUMBERS)}"
    with pg_admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {pg_template}")
    url = pg_cluster.url(name)
    _account(url, "beheerder", Rol.BEHEERDER, password_hash)
    yield url
    with pg_admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(autouse=True)
def _passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWV_PASSWORD", DEMO_PASSWORD)
    monkeypatch.setenv("SWV_SERVER_PASSWORD", SERVER_PASSWORD)
    monkeypatch.setenv("SWV_AUDIT_KEY", AUDIT_KEY)


def _engine(url: URL) -> Engine:
    return create_engine(url, poolclass=NullPool)


def _account(url: URL, name: str, rol: Rol, password_hash: str) -> None:
    engine = _engine(url)
    with engine.begin() as conn:
        conn.execute(
            insert(Gebruiker.__table__).values(
                gebruikersnaam=name,
                volledige_naam=f"Server {name}",
                rol=rol,
                wachtwoord_hash=password_hash,
                actief=True,
                aangemaakt_op=datetime.now(UTC),
            )
        )
    engine.dispose()


def run(url: URL, source: Path, *extra: str) -> int:
    argv = ["server", "import", "--database", url.render_as_string(hide_password=False)]
    return main([*argv, "--from", str(source), "--user", "beheerder", *extra])


def server_counts(url: URL) -> dict[str, int]:
    engine = _engine(url)
    with engine.connect() as conn:
        names = [t.name for t in imported_tables()] + ["audit_entry", "sync_wijziging"]
        out = {n: int(conn.scalar(text(f"SELECT count(*) FROM {n}")) or 0) for n in names}
    engine.dispose()
    return out


def source_counts(path: Path) -> dict[str, int]:
    conn = keyed_connect(path)
    try:
        names = [t.name for t in imported_tables()] + ["audit_entry"]
        return {n: conn.execute(f"SELECT count(*) FROM {n}").fetchone()[0] for n in names}
    finally:
        conn.close()


def source_one(path: Path, query: str) -> Any:
    conn = keyed_connect(path)
    try:
        return conn.execute(query).fetchone()
    finally:
        conn.close()


def source_sql(path: Path, *statements: str) -> None:
    conn = keyed_connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def server_one(url: URL, query: str, **params: Any) -> Any:
    engine = _engine(url)
    with engine.connect() as conn:
        row = conn.execute(text(query), params).first()
    engine.dispose()
    return row


def assert_check_passes(url: URL) -> None:
    report = check_database(url.render_as_string(hide_password=False))
    assert report.ok, report.findings
    text_ = "\n".join(report.lines)
    assert "audittrail is ongeschonden" in text_, text_
    assert "komt overeen met zijn uitgegeven beschikking" in text_, text_


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
        if name != "audit_entry":
            assert after[name] == count, name
    assert after["audit_entry"] == before["audit_entry"] + 1  # the import's own entry
    kenmerk, pdf, sha = letter
    stored = server_one(
        server, "SELECT pdf, sha256, zegel FROM beschikking WHERE kenmerk = :k", k=kenmerk
    )
    assert bytes(stored[0]) == bytes(pdf) and stored[1] == sha and stored[2]
    assert_check_passes(server)
    print(out)
    assert "Overgezet naar de server" in out and "Leerlingen" in out
    assert "verwijder het aantoonbaar" in out  # offered, not done
    assert standalone.exists() and sidecar_path(standalone).exists()
    names = source_one(standalone, "SELECT group_concat(achternaam, '|') FROM leerling")[0]
    assert not any(n in out for n in names.split("|"))  # no pupil names in the report


def test_every_imported_row_has_a_change_number(server: URL, standalone: Path) -> None:
    assert run(server, standalone) == 0
    missing = server_one(
        server,
        "SELECT count(*) FROM leerling l WHERE NOT EXISTS (SELECT 1 FROM sync_wijziging w "
        "WHERE w.tabel = 'leerling' AND w.rij_id = l.id)",
    )[0]
    assert missing == 0
