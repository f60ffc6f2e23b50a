"""indexen voor het budgetoverzicht

The budget overview sums a schooljaar's decisions through a join of besluit on aanvraag; on the
50,000-pupil demo PostgreSQL read the whole besluit table for it (a sequential scan and a hash
join, about twice SQLite's time). Two covering indexes let both databases answer from the indexes
alone (``bench/bench_postgresql.py``).

Create Date: 2026-12-01 14:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"


def upgrade() -> None:
    with op.batch_alter_table("aanvraag") as batch_op:
        batch_op.create_index("ix_aanvraag_schooljaar_id_id", ["schooljaar_id", "id"], unique=False)
    with op.batch_alter_table("besluit") as batch_op:
        batch_op.create_index(
            "ix_besluit_aanvraag_bedrag",
            ["aanvraag_id", "uitkomst", "toegekend_cents", "id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("besluit") as batch_op:
        batch_op.drop_index("ix_besluit_aanvraag_bedrag")
    with op.batch_alter_table("aanvraag") as batch_op:
        batch_op.drop_index("ix_aanvraag_schooljaar_id_id")
