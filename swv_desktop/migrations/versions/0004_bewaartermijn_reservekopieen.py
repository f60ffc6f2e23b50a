"""bewaartermijn reservekopieen

Create Date: 2026-12-01 10:13:12.469710
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    with op.batch_alter_table("organisatie") as batch_op:
        batch_op.add_column(
            sa.Column(
                "bewaartermijn_reservekopie_maanden",
                sa.Integer(),
                server_default="6",
                nullable=False,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("organisatie") as batch_op:
        batch_op.drop_column("bewaartermijn_reservekopie_maanden")
