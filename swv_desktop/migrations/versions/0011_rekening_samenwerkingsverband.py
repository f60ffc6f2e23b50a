"""rekening van het samenwerkingsverband

Create Date: 2026-12-01 16:15:00

- ``organisatie.rekening_iban`` and ``rekening_tenaamstelling``: the SWV's own bank account
  (IBAN and account holder), which a settlement letter names where a board must repay money.
  Both empty on an existing database (the beheerder enters them in Beheer > Instellingen).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"


def upgrade() -> None:
    with op.batch_alter_table("organisatie") as batch_op:
        batch_op.add_column(
            sa.Column("rekening_iban", sa.String(length=34), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column(
                "rekening_tenaamstelling",
                sa.String(length=200),
                nullable=False,
                server_default="",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("organisatie") as batch_op:
        batch_op.drop_column("rekening_tenaamstelling")
        batch_op.drop_column("rekening_iban")
