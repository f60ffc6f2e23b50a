"""synchronisatie: wijzigingsnummers, opdrachten, sessies, id-blokken

Create Date: 2026-12-01 13:34:26

The team server's tables (``models/sync.py``). The change-number triggers and their sequence are
installed by the server at each start (``sync.serverdb.install_triggers``), so a table added later
gets one too; the downgrade removes them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from swv_desktop.migrations.ops import create_table, drop_table, reference

revision = "0012"
down_revision = "0011"


def upgrade() -> None:
    create_table(
        "sync_wijziging",
        sa.Column("tabel", sa.String(length=60), nullable=False),
        sa.Column("rij_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("nummer", sa.BigInteger(), nullable=False),
        sa.Column("verwijderd", sa.Boolean(), nullable=False),
        key=("tabel", "rij_id"),
        indexes=("nummer",),
    )

    create_table(
        "sync_id_blok",
        reference("gebruiker_id", "gebruiker"),
        sa.Column("tabel", sa.String(length=60), nullable=False),
        sa.Column("eerste", sa.BigInteger(), nullable=False),
        sa.Column("laatste", sa.BigInteger(), nullable=False),
        sa.Column("uitgegeven_op", sa.DateTime(), nullable=False),
        indexes=("gebruiker_id",),
    )

    create_table(
        "sync_opdracht",
        sa.Column("uuid", sa.String(length=36), nullable=False),
        reference("gebruiker_id", "gebruiker"),
        sa.Column("naam", sa.String(length=80), nullable=False),
        sa.Column("ontvangen_op", sa.DateTime(), nullable=False),
        sa.Column("geaccepteerd", sa.Boolean(), nullable=False),
        sa.Column("antwoord", sa.Text(), nullable=False),
        key=("uuid",),
        indexes=("gebruiker_id",),
    )

    create_table(
        "sync_sessie",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        reference("gebruiker_id", "gebruiker"),
        sa.Column("aangemaakt_op", sa.DateTime(), nullable=False),
        sa.Column("verloopt_op", sa.DateTime(), nullable=False),
        key=("token_hash",),
        indexes=("gebruiker_id",),
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS swv_sync_wijziging() CASCADE")  # and its triggers
        op.execute("DROP SEQUENCE IF EXISTS sync_nummer")
    drop_table("sync_sessie", "gebruiker_id")
    drop_table("sync_opdracht", "gebruiker_id")
    drop_table("sync_id_blok", "gebruiker_id")
    drop_table("sync_wijziging", "nummer")
