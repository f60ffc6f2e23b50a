"""bewaartermijn reservekopieen

Create Date: 2026-12-01 10:13:12.469710
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from swv_desktop.migrations.ops import add_columns, drop_columns, not_null

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    add_columns("organisatie", not_null("bewaartermijn_reservekopie_maanden", sa.Integer(), "6"))


def downgrade() -> None:
    drop_columns("organisatie", "bewaartermijn_reservekopie_maanden")
