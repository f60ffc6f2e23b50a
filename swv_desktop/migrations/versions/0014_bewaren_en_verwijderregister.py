"""bewaren en verwijderregister

Retention and provable deletion (issue 14): the deletion register (what the retention rules
deleted or pseudonymised, without personal data), the retention term of the financial records
(seven years, fiscal), and per group plan the count of participants whose pupil data passed its
term (the award stays in the accounts for as many pupils as it was made for).

Create Date: 2026-12-01 16:04:21.862388
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from swv_desktop.migrations.ops import create_table, drop_table, foreign_key, versie

revision = "0014"
down_revision = "0013"


def upgrade() -> None:
    create_table(
        "verwijderregister",
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("op", sa.DateTime(), nullable=False),
        sa.Column("soort", sa.String(length=40), nullable=False),
        sa.Column("handeling", sa.String(length=20), nullable=False),
        sa.Column("aantal", sa.Integer(), nullable=False),
        sa.Column("eerste_id", sa.Integer(), nullable=True),
        sa.Column("laatste_id", sa.Integer(), nullable=True),
        sa.Column("ids", sa.Text(), nullable=False),
        sa.Column("vingerafdruk", sa.String(length=64), nullable=False),
        sa.Column("regel", sa.String(length=300), nullable=False),
        sa.Column("peildatum", sa.Date(), nullable=False),
        sa.Column("door_id", sa.Integer(), nullable=True),
        sa.Column("door", sa.String(length=80), nullable=False),
        versie(),
        foreign_key("verwijderregister", "door_id", "gebruiker"),
        sa.UniqueConstraint("uid", name=op.f("uq_verwijderregister_uid")),
        indexes=("op",),
    )

    with op.batch_alter_table("aanvraag") as batch_op:
        batch_op.add_column(sa.Column("gepseudonimiseerd_op", sa.Date(), nullable=True))

    with op.batch_alter_table("groepsplan") as batch_op:
        batch_op.add_column(
            sa.Column("deelnemers_verwijderd", sa.Integer(), server_default="0", nullable=False)
        )

    with op.batch_alter_table("organisatie") as batch_op:
        batch_op.add_column(
            sa.Column(
                "bewaartermijn_financieel_jaren", sa.Integer(), server_default="7", nullable=False
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("organisatie") as batch_op:
        batch_op.drop_column("bewaartermijn_financieel_jaren")

    with op.batch_alter_table("groepsplan") as batch_op:
        batch_op.drop_column("deelnemers_verwijderd")

    with op.batch_alter_table("aanvraag") as batch_op:
        batch_op.drop_column("gepseudonimiseerd_op")

    drop_table("verwijderregister", "op")
