"""A migration that fails halfway leaves the schema and the data exactly as they were, so the
message "Er is niets gewijzigd" is true."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from swv_desktop import schema as schema_module
from swv_desktop.encryption.connect import connect
from swv_desktop.errors import DatabaseError
from swv_desktop.opening import open_database
from swv_desktop.schema import SCHEMA_HEAD

BROKEN = '''"""A step that breaks halfway (test only)."""

import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("tijdelijk", sa.Column("id", sa.Integer(), primary_key=True))
    with op.batch_alter_table("leerling") as batch:
        batch.add_column(sa.Column("extra", sa.Integer(), nullable=False, server_default="0"))
    op.execute("UPDATE schoolbestuur SET naam = 'Overschreven'")
    raise RuntimeError("stap drie mislukt")


def downgrade() -> None:
    pass
'''


def _schema(path: Path, key: bytes) -> list[tuple[str, str]]:
    conn = connect(path, key)
    try:
        return conn.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()
    finally:
        conn.close()


def test_failed_migration_changes_nothing(tmp_path, monkeypatch, template):
    path = tmp_path / "bestaand.db"
    ring = template.copy_to(path)
    key = ring.data_key
    conn = connect(path, key)
    conn.execute(
        "INSERT INTO schoolbestuur (naam, bevoegd_gezag_nummer, adres, postcode, plaats) "
        "VALUES ('Stichting Oud', '12345', '', '', '')"
    )
    conn.commit()
    conn.close()
    before = _schema(path, key)

    migrations = tmp_path / "migrations"
    shutil.copytree(
        schema_module.MIGRATIONS_DIR, migrations, ignore=shutil.ignore_patterns("__pycache__")
    )
    (migrations / "versions" / "9001_kapot.py").write_text(BROKEN.format(head=SCHEMA_HEAD))
    monkeypatch.setattr(schema_module, "MIGRATIONS_DIR", migrations)
    monkeypatch.setattr(schema_module, "SCHEMA_HEAD", "9001")

    with pytest.raises(DatabaseError, match="Er is niets gewijzigd") as refused:
        open_database(path, keys=ring)
    assert "stap drie mislukt" in str(refused.value)
    assert _schema(path, key) == before
    conn = connect(path, key)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (SCHEMA_HEAD,)
        assert conn.execute("SELECT naam FROM schoolbestuur").fetchall() == [("Stichting Oud",)]
    finally:
        conn.close()


def test_version_columns_added_to_existing_rows_and_removed_again(tmp_path):
    from alembic import command

    from swv_desktop.db import make_engine
    from swv_desktop.dialect import writer
    from swv_desktop.schema import alembic_config

    path = tmp_path / "v2.db"
    engine = make_engine(path)
    cfg = alembic_config()
    with writer(engine).begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0006")
        conn.exec_driver_sql(
            "INSERT INTO schoolbestuur (naam, bevoegd_gezag_nummer, adres, postcode, plaats) "
            "VALUES ('Stichting Oud', '12345', '', '', '')"
        )
    with writer(engine).begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0007")
        assert conn.exec_driver_sql("SELECT naam, versie FROM schoolbestuur").all() == [
            ("Stichting Oud", 1)
        ]
    with writer(engine).begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006")
        columns = [row[1] for row in conn.exec_driver_sql("PRAGMA table_info(schoolbestuur)")]
        assert "versie" not in columns
    engine.dispose()
