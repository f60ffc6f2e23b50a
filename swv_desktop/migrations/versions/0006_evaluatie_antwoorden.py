"""evaluatie: het antwoord van de programmadirecteur per monitoringsvraag

Create Date: 2026-12-01 10:49:53.698661
"""

from __future__ import annotations

import sqlalchemy as sa

from swv_desktop.migrations.ops import create_table, drop_table, reference

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    create_table(
        "evaluatie_antwoord",
        reference("schooljaar_id", "schooljaar"),
        sa.Column("soort", sa.String(length=10), nullable=False),
        sa.Column("vraag", sa.String(length=40), nullable=False),
        sa.Column("tekst", sa.Text(), nullable=False),
        sa.Column("bijgewerkt_op", sa.DateTime(), nullable=True),
        unique=[("schooljaar_id", "soort", "vraag")],
        indexes=("schooljaar_id",),
    )


def downgrade() -> None:
    drop_table("evaluatie_antwoord", "schooljaar_id")
