"""A real team: a PostgreSQL database on the test cluster, a real ``swv-desktop server`` process
on a free loopback port (one per test module), and laptops with real encrypted replicas.
"Offline" is the server process stopped, never a flag. For the ``server import`` tests: an
encrypted standalone demo file, and server databases to import it into (empty, or holding it
already)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from keyed import copy_database
from sqlalchemy import Engine
from sqlalchemy.engine import URL

from swv_desktop.demo.generator import generate_demo
from swv_desktop.models import Rol
from swv_desktop.opening import open_database

from .harness import ServerProcess
from .harness import Team
from .harness import free_port
from .harness import seed_office
from .server_import import insert_account
from .server_import import run
from .server_import import set_import_passwords


@pytest.fixture(scope="module")
def team(
    pg_admin: Engine, pg_cluster: Any, password_hash: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Team]:
    """The office: a seeded PostgreSQL database and its server process, for one test module."""
    name = f"swv_team_{os.getpid()}_{free_port()}"
    with pg_admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    url = pg_cluster.url(name)
    db = open_database(url)
    seeded = seed_office(db, password_hash)
    folder = tmp_path_factory.mktemp("team")
    server = ServerProcess(url.render_as_string(hide_password=False), folder)
    server.start()
    try:
        yield Team(db=db, server=server, folder=folder, **seeded)
    finally:
        if server.proc is not None:
            server.stop()
        db.close()
        with pg_admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def online(team: Team) -> Iterator[Team]:
    """The server is running at the start and again at the end of the test."""
    if team.server.proc is None:
        team.server.start()
    yield team
    if team.server.proc is None:
        team.server.start()


@pytest.fixture
def drained_workers(qapp: Any) -> Iterator[None]:
    """For the window tests here (``pytest.mark.usefixtures``), as ``tests/ui/conftest.py``: no
    garbage collection on a worker thread, background work finished before the database closes."""
    from drained import workers_drained  # Qt: only for the tests that use the window

    with workers_drained():
        yield


# --- server import ----------------------------------------------------------------------------

_NUMBERS = itertools.count(1)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One small encrypted demo file for the module (tests import copies of it)."""
    path = tmp_path_factory.mktemp("standalone") / "bureau.db"
    generate_demo(path, leerlingen=20)
    return path


@pytest.fixture
def standalone(demo_file: Path, tmp_path: Path) -> Path:
    """A copy of the demo file in the test's own "laptop" folder."""
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
    insert_account(url, "beheerder", Rol.BEHEERDER, password_hash)
    yield url
    with pg_admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="module")
def imported_template(
    pg_admin: Engine, pg_cluster: Any, pg_template: str, password_hash: str, demo_file: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:  # fmt: skip
    """A server database into which the demo file was imported once (copied per test)."""
    name = f"swv_imported_{os.getpid()}"
    with pg_admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {pg_template}")
    url = pg_cluster.url(name)
    insert_account(url, "beheerder", Rol.BEHEERDER, password_hash)
    source = copy_database(demo_file, tmp_path_factory.mktemp("eerste") / "bureau.db")
    with pytest.MonkeyPatch.context() as patch:
        set_import_passwords(patch)
        assert run(url, source) == 0
    yield name
    with pg_admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def imported(pg_admin: Engine, pg_cluster: Any, imported_template: str) -> Iterator[URL]:
    """A server that already holds everything of the demo file (a fresh copy)."""
    name = f"swv_import_{os.getpid()}_{next(_NUMBERS)}"
    with pg_admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {imported_template}")
    yield pg_cluster.url(name)
    with pg_admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def import_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    """The passwords and the audit key of ``server import`` in the environment (the import tests
    use it for every test: ``pytest.mark.usefixtures``)."""
    set_import_passwords(monkeypatch)
