"""A real team: a PostgreSQL database on the test cluster, a real ``swv-desktop server`` process
on a free loopback port (one per test module), and laptops with real encrypted replicas.
"Offline" is the server process stopped, never a flag."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from swv_desktop.opening import open_database

from .harness import ServerProcess
from .harness import Team
from .harness import free_port
from .harness import seed_office


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
