"""opdracht: schema en klok van de laptop

Every command the server receives keeps the schema revision of the laptop that wrote it and the
laptop's clock when it was recorded, beside the server's time of receipt (issue 12, upgrades
with laptops away: a later server can convert the commands of an older laptop).

Create Date: 2026-12-01 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from swv_desktop.migrations.ops import drop_columns

revision = "0018"
down_revision = "0017"


def upgrade() -> None:
    with op.batch_alter_table("sync_opdracht") as batch_op:
        batch_op.add_column(sa.Column("client_schema", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("client_op", sa.DateTime(), nullable=True))


def downgrade() -> None:
    drop_columns("sync_opdracht", "client_op", "client_schema")
