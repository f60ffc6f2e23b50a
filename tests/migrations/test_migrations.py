"""Migrations: empty -> head equals the models, a linear chain, a backup before upgrading, a
database from a newer version refused."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from migrated import upgraded

from swv_desktop.db import make_engine
from swv_desktop.errors import DatabaseError
from swv_desktop.errors import DatabaseTooNew
from swv_desktop.models import Base
from swv_desktop.opening import open_database
from swv_desktop.schema import alembic_config
from swv_desktop.schema import current_revision
from swv_desktop.schema import head_revision


def test_empty_database_upgraded_to_head_equals_the_models(tmp_path):
    db = open_database(tmp_path / "leeg.db")
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    db.close()
    assert diff == []


def test_revision_chain_is_linear():
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    for rev in script.walk_revisions():
        assert not isinstance(rev.down_revision, tuple | list), f"merge point at {rev.revision}"


def test_backup_is_made_before_upgrading(tmp_path):
    path = tmp_path / "oud.db"
    db = open_database(path)
    db.close()
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE markering (x INTEGER)")
    con.execute("UPDATE alembic_version SET version_num = 'oud0'")
    con.commit()
    con.close()
    # pretend an older revision 'oud0' precedes the first one
    from swv_desktop import schema as schema_module

    original = schema_module.known_revisions
    schema_module.known_revisions = lambda: {*original(), "oud0"}  # type: ignore[assignment]
    try:
        with pytest.raises(DatabaseError):
            open_database(
                path
            )  # alembic cannot walk from the fake revision: refused, not half-done
    finally:
        schema_module.known_revisions = original  # type: ignore[assignment]
    backups = list((tmp_path / "backups").glob("oud-*-voor-migratie-oud0.db"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("oud0",)
    con.close()


def test_newer_database_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "nieuw.db"
    open_database(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999_toekomst'")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNew, match="nieuwere versie"):
        open_database(path)
    assert path.read_bytes() == before
    assert not (tmp_path / "backups").exists()


def test_missing_and_damaged_files(tmp_path):
    with pytest.raises(DatabaseError, match="bestaat niet"):
        open_database(tmp_path / "weg.db", create=False)
    bad = tmp_path / "kapot.db"
    bad.write_bytes(b"dit is geen database" * 50)
    with pytest.raises(DatabaseError, match="beschadigd"):
        open_database(bad)


def test_head_is_stamped(tmp_path):
    db = open_database(tmp_path / "x.db")
    assert current_revision(db.engine) == head_revision()
    db.close()
    copy = tmp_path / "y.db"
    shutil.copyfile(tmp_path / "x.db", copy)
    engine = make_engine(copy)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()


def test_schema_head_constant_matches_alembic():
    from swv_desktop.schema import SCHEMA_HEAD

    assert head_revision() == SCHEMA_HEAD


def test_real_upgrade_from_the_first_revision_keeps_data_and_a_backup(tmp_path):
    path = tmp_path / "v1.db"
    engine = upgraded(path, "0001")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO schoolbestuur (naam, bevoegd_gezag_nummer, adres, postcode, plaats) "
            "VALUES ('Stichting Oud', '12345', '', '', '')"
        )
    engine.dispose()
    db = open_database(path)
    assert current_revision(db.engine) == head_revision()
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT naam FROM schoolbestuur").scalar() == "Stichting Oud"
    db.close()
    backups = list((tmp_path / "backups").glob("v1-*-voor-migratie-0001.db"))
    assert len(backups) == 1
