"""vaststelling zegel

An issued settlement letter (vaststelling) carries a seal like an issued beschikking: a keyed hash
over its settled amounts, how the rest is settled, who settled and the letter's sha256, so that
``check`` finds an amount changed in the database after the letter went out.

Create Date: 2026-12-01 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from swv_desktop.migrations.ops import drop_columns

revision = "0017"
down_revision = "0016"


def upgrade() -> None:
    op.add_column("vaststelling", sa.Column("zegel", sa.String(length=64), nullable=True))


def downgrade() -> None:
    drop_columns("vaststelling", "zegel")
