"""bewaren en verwijderregister

Retention and provable deletion (issue 14): the deletion register (what the retention rules
deleted or pseudonymised, without personal data), the retention term of the financial records
(seven years, fiscal), and per group plan the count of participants whose pupil data passed its
term (the award stays in the accounts for as many pupils as it was made for).

Create Date: 2026-12-01 16:04:21.862388
"""

from __future__ import annotations

import sqlalchemy as sa

from swv_desktop.migrations.ops import (
    add_columns,
    create_table,
    drop_columns,
    drop_table,
    not_null,
    reference,
    versie,
)

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
        reference("door_id", "gebruiker", nullable=True),
        sa.Column("door", sa.String(length=80), nullable=False),
        versie(),
        unique=[("uid",)],
        indexes=("op",),
    )

    add_columns("aanvraag", sa.Column("gepseudonimiseerd_op", sa.Date(), nullable=True))
    add_columns("groepsplan", not_null("deelnemers_verwijderd", sa.Integer(), "0"))
    add_columns("organisatie", not_null("bewaartermijn_financieel_jaren", sa.Integer(), "7"))


def downgrade() -> None:
    drop_columns("organisatie", "bewaartermijn_financieel_jaren")
    drop_columns("groepsplan", "deelnemers_verwijderd")
    drop_columns("aanvraag", "gepseudonimiseerd_op")
    drop_table("verwijderregister", "op")
