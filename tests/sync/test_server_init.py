"""``swv-desktop server init`` as a real process on a real PostgreSQL database owned by a
dedicated role (no superuser), as the README sets it up; then a real server on it."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.engine import URL

from swv_desktop.db import make_engine
from swv_desktop.formatting import schooljaar_for
from swv_desktop.models import AuditEntry
from swv_desktop.models import Gebruiker
from swv_desktop.models import Organisatie
from swv_desktop.models import Rol
from swv_desktop.models import Schooljaar
from swv_desktop.models.base import utcnow
from swv_desktop.opening import open_database
from swv_desktop.schema import SCHEMA_HEAD
from swv_desktop.schema import current_revision
from swv_desktop.services.auth import authenticate
from swv_desktop.sync.client import Connection

from .harness import ServerProcess
from .harness import free_port

BEHEER_PASSWORD = "een-lang-wachtwoord"
INIT = ["--organisatie", "SWV VO Testregio", "--gebruiker", "beheer", "--naam", "Bram Beheer"]


@pytest.fixture
def role_db(pg_admin: Engine, pg_cluster: Any) -> Iterator[URL]:
    """An empty database owned by its own login role with a password (not a superuser)."""
    name = f"swv_init_{os.getpid()}_{free_port()}"
    with pg_admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE ROLE {name} LOGIN PASSWORD 'rol-wachtwoord-1'")
        conn.exec_driver_sql(f"CREATE DATABASE {name} OWNER {name}")
    yield pg_cluster.url(name).set(username=name)
    with pg_admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.exec_driver_sql(f"DROP ROLE IF EXISTS {name}")


def _url(url: URL) -> str:
    return url.render_as_string(hide_password=False)


def swv(*args: str, password: str | None = BEHEER_PASSWORD) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SWV_PASSWORD"}
    if password is not None:
        env["SWV_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "swv_desktop", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def _revision(url: URL) -> str | None:
    engine = make_engine(url)
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


def test_init_sets_up_an_empty_database_and_the_server_then_signs_in(
    role_db: URL, tmp_path: Path
) -> None:
    done = swv("server", "init", "--database", _url(role_db), *INIT)
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "is ingericht (schemaversie" in out
    assert "organisatie 'SWV VO Testregio', beheerder 'beheer'" in out
    assert "Zo gaat u verder:" in out and "swv-desktop server --database" in out
    assert "deploy/swv-desktop-server.service" in out
    assert "rol-wachtwoord-1" not in out  # the address is shown without a password

    assert _revision(role_db) == SCHEMA_HEAD
    db = open_database(role_db, create=False)
    try:
        with db.read() as session:
            assert session.scalars(select(Organisatie.naam)).all() == ["SWV VO Testregio"]
            users = session.scalars(select(Gebruiker)).all()
            assert [(u.gebruikersnaam, u.volledige_naam, u.rol, u.actief) for u in users] == [
                ("beheer", "Bram Beheer", Rol.BEHEERDER, True)
            ]
            assert users[0].wachtwoord_hash.startswith("$argon2id$")
            assert session.scalars(select(Schooljaar.label)).all() == [
                schooljaar_for(utcnow().date())
            ]
            assert session.scalar(select(func.count(AuditEntry.id))) == 2
        assert authenticate(db, "beheer", BEHEER_PASSWORD).rol is Rol.BEHEERDER
    finally:
        db.close()

    server = ServerProcess(_url(role_db), tmp_path)  # as the role that owns the database
    server.start()
    try:
        actor = Connection(server.address).sign_in("beheer", BEHEER_PASSWORD)
        assert (actor.gebruikersnaam, actor.rol) == ("beheer", Rol.BEHEERDER)
    finally:
        assert server.stop() == 0


def test_init_refuses_a_database_that_is_already_set_up(role_db: URL) -> None:
    assert swv("server", "init", "--database", _url(role_db), *INIT).returncode == 0
    again = swv(
        "server", "init", "--database", _url(role_db), "--organisatie", "Iets anders",
        "--gebruiker", "tweede", "--naam", "Tweede Beheerder",
    )  # fmt: skip
    assert again.returncode == 3
    assert "is al ingericht (organisatie 'SWV VO Testregio', 1 account(s))" in again.stdout
    assert "Er is niets gewijzigd." in again.stdout
    db = open_database(role_db, create=False)
    try:
        with db.read() as session:
            assert session.scalars(select(Gebruiker.gebruikersnaam)).all() == ["beheer"]
            assert session.scalars(select(Organisatie.naam)).all() == ["SWV VO Testregio"]
    finally:
        db.close()


def test_a_short_password_is_refused_before_anything_is_made(role_db: URL) -> None:
    done = swv("server", "init", "--database", _url(role_db), *INIT, password="kort")
    assert done.returncode == 1
    assert "Het wachtwoord moet minstens 10 tekens lang zijn." in done.stdout
    assert "Er is niets ingericht." in done.stdout
    assert _revision(role_db) is None


def test_a_bad_user_name_leaves_the_database_empty_again(role_db: URL) -> None:
    bad = ["--organisatie", "SWV", "--gebruiker", "met spatie", "--naam", "Bram Beheer"]
    done = swv("server", "init", "--database", _url(role_db), *bad)
    assert done.returncode == 1
    assert "De gebruikersnaam bestaat uit letters" in done.stdout
    assert _revision(role_db) is None  # the schema made for it was taken out again
    assert swv("server", "init", "--database", _url(role_db), *INIT).returncode == 0


def test_the_server_refuses_a_database_without_accounts(role_db: URL) -> None:
    done = swv("server", "--database", _url(role_db), "--port", str(free_port()))
    assert done.returncode == 1
    assert "is nog niet ingericht" in done.stderr
    assert "swv-desktop server init --database" in done.stderr
    assert _revision(role_db) is None  # nothing was written


def test_a_file_instead_of_a_postgresql_address_is_refused(tmp_path: Path) -> None:
    done = swv("server", "init", "--database", str(tmp_path / "x.db"), *INIT)
    assert done.returncode == 1
    assert "De server werkt met een PostgreSQL-database" in done.stderr
    assert not (tmp_path / "x.db").exists()


def _typed(command: list[str], answers: list[str]) -> tuple[int, str]:
    """Run ``command`` on a terminal of its own (getpass reads /dev/tty) and type ``answers``
    at its prompts; its exit code and everything it wrote."""
    master, slave = os.openpty()
    env = {k: v for k, v in os.environ.items() if k != "SWV_PASSWORD"}

    def controlling_terminal() -> None:
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(
        command,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        preexec_fn=controlling_terminal,  # noqa: PLW1509 (single call, then exec)
    )
    os.close(slave)
    seen = b""
    pending = list(answers)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closed: the process ended
            break
        if not chunk:
            break
        seen += chunk
        prompts = seen.count(b"achtwoord")
        if pending and prompts > len(answers) - len(pending):
            os.write(master, pending.pop(0).encode() + b"\n")
    os.close(master)
    return proc.wait(timeout=30), seen.decode("utf-8", "replace")


def test_the_password_is_asked_twice_on_the_terminal(role_db: URL) -> None:
    command = [sys.executable, "-m", "swv_desktop", "server", "init"]
    command += ["--database", _url(role_db), *INIT]
    code, out = _typed(command, [BEHEER_PASSWORD, BEHEER_PASSWORD + "x"])
    assert code == 1, out
    assert "Herhaal het wachtwoord" in out
    assert "De wachtwoorden zijn niet gelijk; er is niets ingericht." in out
    assert BEHEER_PASSWORD not in out  # not echoed
    assert _revision(role_db) is None

    code, out = _typed(command, [BEHEER_PASSWORD, BEHEER_PASSWORD])
    assert code == 0, out
    assert "is ingericht" in out
    db = open_database(role_db, create=False)
    try:
        assert authenticate(db, "beheer", BEHEER_PASSWORD).gebruikersnaam == "beheer"
    finally:
        db.close()
