"""The plain code the ``server import`` tests share (their fixtures are in ``conftest.py``): the
command run as a person runs it, an account put straight into the server database, and the rows
counted and read on both sides, in the encrypted standalone file and on the server."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from keyed import DEMO_PASSWORD
from keyed import keyed_connect
from sqlalchemy import Engine
from sqlalchemy import create_engine
from sqlalchemy import insert
from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool

from swv_desktop.check.database import check_database
from swv_desktop.cli import main
from swv_desktop.models import Gebruiker
from swv_desktop.models import Rol
from swv_desktop.sync.samenvoegen import imported_tables

from .harness import PASSWORD

AUDIT_KEY = "5e" * 32


def set_import_passwords(patch: pytest.MonkeyPatch) -> None:
    """The passwords of the file and the server account, and the audit key, in the environment."""
    patch.setenv("SWV_PASSWORD", DEMO_PASSWORD)
    patch.setenv("SWV_SERVER_PASSWORD", PASSWORD)
    patch.setenv("SWV_AUDIT_KEY", AUDIT_KEY)


def server_engine(url: URL) -> Engine:
    """An engine on the server database that keeps no connection open (dispose it after use)."""
    return create_engine(url, poolclass=NullPool)


def insert_account(url: URL, name: str, rol: Rol, password_hash: str) -> None:
    """An active account ``name`` with role ``rol``, inserted straight into the server database."""
    engine = server_engine(url)
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
    """``swv-desktop server import`` of ``source`` into ``url`` as the file's beheerder; the exit
    code."""
    argv = ["server", "import", "--database", url.render_as_string(hide_password=False)]
    return main([*argv, "--from", str(source), "--user", "beheerder", *extra])


def server_counts(url: URL) -> dict[str, int]:
    """The number of rows per imported table on the server, with the audit trail, the access log
    and the change numbers."""
    engine = server_engine(url)
    with engine.connect() as conn:
        names = [t.name for t in imported_tables()] + ["audit_entry", "toegangslog"]
        names.append("sync_wijziging")
        out = {n: int(conn.scalar(text(f"SELECT count(*) FROM {n}")) or 0) for n in names}
    engine.dispose()
    return out


def source_counts(path: Path) -> dict[str, int]:
    """The number of rows per imported table in the standalone file, with the audit trail and the
    access log."""
    conn = keyed_connect(path)
    try:
        names = [t.name for t in imported_tables()] + ["audit_entry", "toegangslog"]
        return {n: conn.execute(f"SELECT count(*) FROM {n}").fetchone()[0] for n in names}
    finally:
        conn.close()


def source_one(path: Path, query: str) -> Any:
    """The first row of ``query`` in the standalone file."""
    conn = keyed_connect(path)
    try:
        return conn.execute(query).fetchone()
    finally:
        conn.close()


def source_sql(path: Path, *statements: str) -> None:
    """Run ``statements`` in the standalone file and commit them."""
    conn = keyed_connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def server_one(url: URL, query: str, **params: Any) -> Any:
    """The first row of ``query`` (with ``params``) on the server."""
    engine = server_engine(url)
    with engine.connect() as conn:
        row = conn.execute(text(query), params).first()
    engine.dispose()
    return row


def assert_check_passes(url: URL) -> None:
    """``check`` on the server passes: the audit trail unbroken, every issued letter sealed."""
    report = check_database(url.render_as_string(hide_password=False))
    assert report.ok, report.findings
    text_ = "\n".join(report.lines)
    assert "audittrail is ongeschonden" in text_, text_
    assert "komt overeen met zijn uitgegeven beschikking" in text_, text_
