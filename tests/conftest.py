"""Shared fixtures: headless Qt, a fresh migrated database per test (copied from a template),
a fixed clock, and one actor per role."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path

# headless, on one screen of the smallest office laptop (1366x768) unless told otherwise
LAPTOP_SCREEN = Path(__file__).with_name("laptop-screen.json")
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={LAPTOP_SCREEN}"
os.environ["SWV_KDF"] = "test"  # light Argon2id for key slots, also in the subprocesses started

import pytest
from office import add_users
from office import set_up_office
from pg_cluster import BACKENDS
from pg_cluster import PgCluster
from sqlalchemy import Engine
from sqlalchemy import create_engine
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool
from world import TEST_PASSWORD
from world import FakeClock
from world import World

from swv_desktop.db import Database
from swv_desktop.db import make_engine
from swv_desktop.dialect import Target
from swv_desktop.dialect import checkpoint
from swv_desktop.encryption.convert import new_keyring
from swv_desktop.encryption.keyslots import KeyFile
from swv_desktop.encryption.keyslots import KeyRing
from swv_desktop.encryption.keyslots import sidecar_path
from swv_desktop.encryption.slotcrypto import TEST_KDF
from swv_desktop.models import Rol
from swv_desktop.opening import open_database
from swv_desktop.schema import migrate
from swv_desktop.services.auth import hash_password


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """``sqlite`` or ``postgresql``: the database kind of this run of the test (a sub-folder's
    conftest can pin it, as the window tests do)."""
    return str(request.param)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """One PostgreSQL server for the whole session, started only when a test needs it."""
    cluster = PgCluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def pg_admin(pg_cluster: PgCluster) -> Iterator[Engine]:
    """An autocommit connection pool to the server, for CREATE/DROP DATABASE."""
    engine = create_engine(pg_cluster.url(), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def pg_template(pg_admin: Engine, pg_cluster: PgCluster) -> str:
    """The name of an empty database migrated to head once per session (the template)."""
    name = f"swv_template_{os.getpid()}"
    with pg_admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    engine = make_engine(pg_cluster.url(name))
    migrate(engine, pg_cluster.url(name))
    engine.dispose()
    return name


class PgDatabases:
    """Fresh databases on the session's server: a copy of the migrated template, or empty."""

    def __init__(self, admin: Engine, cluster: PgCluster, template: str) -> None:
        self.admin, self.cluster, self.template = admin, cluster, template
        self.made: list[str] = []

    def new(self, *, empty: bool = False) -> URL:
        name = f"swv_test_{os.getpid()}_{next(_DB_NUMBERS)}"
        source = "template0" if empty else self.template
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {source}")
        self.made.append(name)
        return self.cluster.url(name)

    def drop_all(self) -> None:
        with self.admin.connect() as conn:
            for name in self.made:
                conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.made.clear()


_DB_NUMBERS = itertools.count(1)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite database migrated to head once per test session."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(path)
    migrate(engine, path)
    checkpoint(engine)
    engine.dispose()
    return path


@pytest.fixture
def new_target(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[..., Target]]:
    """Makes fresh database targets of this test's kind: ``new_target()`` a migrated one (a copy
    of the template), ``new_target(empty=True)`` one without any table; a SQLite path in
    ``tmp_path`` or a PostgreSQL URL. Every PostgreSQL database is dropped after the test."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("template_db")
        numbers = itertools.count(1)

        def make_sqlite(*, empty: bool = False, name: str | None = None) -> Target:
            path = tmp_path / (name or f"test-{next(numbers)}.db")
            if not empty:
                shutil.copyfile(template, path)
            return path

        yield make_sqlite
        return
    databases = PgDatabases(
        request.getfixturevalue("pg_admin"),
        request.getfixturevalue("pg_cluster"),
        request.getfixturevalue("pg_template"),
    )

    def make_pg(*, empty: bool = False, name: str | None = None) -> Target:
        return databases.new(empty=empty)

    yield make_pg
    databases.drop_all()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


class Template:
    """An empty encrypted SQLite database migrated to head, with its key file and data key."""

    def __init__(self, path: Path, data_key: bytes) -> None:
        self.path, self.data_key = path, data_key

    def copy_to(self, path: Path) -> KeyRing:
        """Copy database and key file to ``path``; the unlocked ring that opens the copy."""
        shutil.copyfile(self.path, path)
        shutil.copyfile(sidecar_path(self.path), sidecar_path(path))
        return KeyRing(file=KeyFile.load(sidecar_path(path)), candidates=[self.data_key])


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    """Made once per session (Anki's getEmptyCol): copying is faster than migrating. Key slots
    use the light ``TEST_KDF``; the production setting is tested once (test_encryption)."""
    path = tmp_path_factory.mktemp("template-encrypted") / "template.db"
    ring = new_keyring(path, kdf=TEST_KDF)
    database = open_database(path, keys=ring)
    checkpoint(database.engine)
    database.close()
    return Template(path, ring.data_key)


@pytest.fixture
def db(
    backend: str,
    new_target: Callable[..., Target],
    clock: FakeClock,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> Iterator[Database]:
    """A fresh, empty, migrated database for one test: an encrypted SQLite file (SQLCipher, as
    the application keeps every file) or a PostgreSQL database."""
    if backend == "sqlite":
        encrypted: Template = request.getfixturevalue("template")
        path = tmp_path / "test.db"
        database = open_database(path, keys=encrypted.copy_to(path), clock=clock)
    else:
        database = open_database(new_target(name="test.db"), clock=clock)
    yield database
    database.close()


@pytest.fixture(scope="session")
def password_hash() -> str:
    return hash_password(TEST_PASSWORD)


@pytest.fixture
def world(db: Database, clock: FakeClock, password_hash: str) -> World:
    users = (
        (Rol.CONTACTPERSOON, "Fenna Contact"),
        (Rol.PROGRAMMADIRECTEUR, "Dirk Directeur"),
        (Rol.SECRETARIAAT, "Sanne Secretariaat"),
        (Rol.BEHEERDER, "Bram Beheer"),
    )
    by_login = add_users(db, [(r.value, r, naam) for r, naam in users], password_hash, clock())
    actors = {rol: by_login[rol.value] for rol, _ in users}
    beheerder, secretariaat = actors[Rol.BEHEERDER], actors[Rol.SECRETARIAAT]
    office = set_up_office(
        db, beheerder, secretariaat, "2021-2022", contact_a=actors[Rol.CONTACTPERSOON]
    )
    return World(
        db=db,
        clock=clock,
        contactpersoon=actors[Rol.CONTACTPERSOON],
        directeur=actors[Rol.PROGRAMMADIRECTEUR],
        secretariaat=secretariaat,
        beheerder=beheerder,
        schooljaar_id=office.schooljaar_id,
        bestuur_id=office.bestuur_id,
        school_id=office.school_a,
        andere_school_id=office.school_b,
    )
