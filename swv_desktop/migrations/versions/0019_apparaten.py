"""apparaten

Each laptop is a registered device (``sync_apparaat``) of one user: its uuid (kept in the
replica), a name, first and last contact, when and by whom it was revoked, the secret of the
replica's device key slot (so a password changed elsewhere, or a recovery code, can re-wrap the
laptop's key slot) and a one-time recovery code (its hash and expiry). A session belongs to a
device. ``organisatie.offline_slot_dagen``: after how many days without contact a replica refuses
to open offline.

Create Date: 2026-12-01 20:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from swv_desktop.migrations.ops import create_table, drop_columns, drop_table, not_null, reference

revision = "0019"
down_revision = "0018"


def upgrade() -> None:
    create_table(
        "sync_apparaat",
        reference("gebruiker_id", "gebruiker"),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("naam", sa.String(length=200), nullable=False),
        sa.Column("eerste_contact", sa.DateTime(), nullable=False),
        sa.Column("laatste_contact", sa.DateTime(), nullable=False),
        sa.Column("ingetrokken_op", sa.DateTime(), nullable=True),
        reference("ingetrokken_door_id", "gebruiker", nullable=True),
        sa.Column("sleutel", sa.String(length=200), nullable=False),
        sa.Column("herstelcode_hash", sa.String(length=200), nullable=False),
        sa.Column("herstelcode_tot", sa.DateTime(), nullable=True),
        unique=[("uuid",)],
        indexes=("gebruiker_id",),
    )
    with op.batch_alter_table("sync_sessie") as batch:
        batch.add_column(sa.Column("apparaat_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_sync_sessie_apparaat_id_sync_apparaat"),
            "sync_apparaat",
            ["apparaat_id"],
            ["id"],
        )
    op.add_column(
        "organisatie",
        not_null("offline_slot_dagen", sa.Integer(), "30"),
    )


def downgrade() -> None:
    drop_columns("organisatie", "offline_slot_dagen")
    with op.batch_alter_table("sync_sessie") as batch:
        batch.drop_constraint(
            batch.f("fk_sync_sessie_apparaat_id_sync_apparaat"), type_="foreignkey"
        )
        batch.drop_column("apparaat_id")
    drop_table("sync_apparaat", "gebruiker_id")
